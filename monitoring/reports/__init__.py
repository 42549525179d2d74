"""Annual effectiveness reports: the PDF for a municipality, a region or a school and a school year, built
by a Celery task with progress by section, archived with its parameters and earlier versions, with an XLSX companion.

A sub-app of `monitoring` (its own app label and migrations), so it ships apart from monitoring's own models; it reads
identification, partnerships, roadmaps, mentoring and monitoring through their selectors and models."""
