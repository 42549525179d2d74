"""The registry's import kinds (schools, yearly data, teachers, assessment results); the framework is `core.imports`."""
