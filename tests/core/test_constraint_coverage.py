"""Every database constraint of the registry, identification, partnerships and roadmaps is checked by a service with
a Russian message at a field before the database would refuse. A new constraint fails this test
until its check (and a test posting bad data) is named here."""

from django.apps import apps

# constraint → the service check and the test that posts bad data (or why no user can reach it)
CHECKED = {
    # schools
    "municipality_unique_name_in_region": "no page or service writes municipalities (the admin and the demo only)",
    "yearly_data_unique_school_year": "SchoolYearDataForm.clean_start_year, services.save_yearly_data(new=True)",
    "yearly_data_young_le_teachers": "SchoolYearData.clean (services._save → full_clean) at young_specialists",
    **{f"yearly_data_{f}_le_students": "SchoolYearData.clean (services._save → full_clean) at the field"
       for f in ("students_disabled", "students_low_income", "students_single_parent",
                 "students_parents_no_higher_ed", "students_non_native", "students_preventive_register",
                 "students_unexcused_absences")},
    "teacher_unique_name_in_school": "schools.services._teacher_problems at full_name",
    "result_unique_unit": "schools.services.save_result at grade",
    "result_mark2_le_participants": "AssessmentResult.clean at mark2",
    "result_marks_le_participants": "AssessmentResult.clean at mark2",
    "result_grade_4_11": "AssessmentResult.clean at grade",
    "grading_scale_unique": "schools.services.save_grading_scale at grade",
    "class_result_unique_unit": "schools.imports.results.VprIndividualImporter.after_groups: one row per class, "
                                "created, updated or removed (no page writes class results)",
    "class_result_marks_le_participants": "AggregatingImporter.aggregate counts participants from the marks "
                                          "(no user input)",
    "task_result_unique_unit": "schools.imports.results.VprIndividualImporter.plan_tasks: one row per school, "
                               "grade and task, created, updated or removed (no page writes task results)",
    "task_result_points_le_max": "schools.imports.results.tasks.points refuses a pupil's points above the task's "
                                 "maximum (tests/schools/test_vpr_tasks.py)",
    # identification
    "methodology_unique_version": "identification.services.create_methodology_version numbers the versions",
    "methodology_single_default": "identification.services.create_methodology_version moves the default mark",
    "run_single_approved_per_year": "identification.services.approve_run refuses a second approved list",
    "run_school_unique": "identification.engine writes one row per school in one INSERT … SELECT",
    "override_unique_status": "identification.services.set_override updates or withdraws the one decision",
    "school_status_unique": "identification.services.approve_run refuses a school already in a list of the year",
    # partnerships
    "designation_end_after_start": "partnerships.services._designation_problems at end",
    "agreement_end_after_start": "partnerships.services.agreement_problems at end",
    # roadmaps
    "roadmap_period_order": "roadmaps.services.roadmap_problems at period_end",
    "roadmap_level_owner": "roadmaps.services._owner_problems at the owner field",
    "roadmap_one_municipal_per_year": "roadmaps.services.roadmap_problems at school_year",
    "roadmap_one_programme_per_year": "roadmaps.services.roadmap_problems at school_year",
    "roadmap_one_site_plan_per_year": "roadmaps.services.roadmap_problems at school_year",
    "roadmap_revision_unique": "roadmaps.services.approve numbers revisions after the roadmap's own counter",
    "activity_number_unique": "roadmaps.services.renumber numbers the plan itself",
    "activity_due_after_start": "roadmaps.services.activity_problems at due",
    "activity_percent_max_100": "roadmaps.services.activity_problems and file_progress at percent",
    "risk_profile_unique": "roadmaps.services.save_risk_profile gets or creates the one profile",
    "risk_item_unique": "roadmaps.services.save_risk_profile updates the factor's row",
    "risk_item_relevant_has_level": "roadmaps.services.save_risk_profile at level_<factor>",
    "progress_report_unique": "roadmaps.services.save_report updates the period's report",
    "digest_once_per_day": "roadmaps.notify sends the digest once (no user input)",
}


def test_every_constraint_has_its_service_check():
    found = {constraint.name
             for label in ("schools", "identification", "partnerships", "roadmaps")
             for model in apps.get_app_config(label).get_models()
             for constraint in model._meta.constraints}
    assert found == set(CHECKED), {"unchecked": found - set(CHECKED), "gone": set(CHECKED) - found}


def test_model_forms_leave_constraints_to_the_services():
    """Every model form of these apps is a ServiceModelForm: Django's own constraint check would answer first, by
    the constraint's name, at the top of the form."""
    import importlib

    from django import forms

    from core.forms import ServiceModelForm

    modules = ["schools.forms", "schools.views.reference", "partnerships.forms", "roadmaps.forms",
               "identification.forms"]
    model_forms = [obj for m in modules for obj in vars(importlib.import_module(m)).values()
                   if isinstance(obj, type) and issubclass(obj, forms.ModelForm) and obj.__module__ == m]
    assert model_forms and all(issubclass(f, ServiceModelForm) for f in model_forms), model_forms
