"""Import services shared by the pages (through Celery tasks), the `import_file` command and benchmarks.

A job's life: `start_job` (upload checked and stored, validation queued) → READY, INVALID or NEEDS_MAPPING;
`remap_job` (the user's column mapping, validated again); `confirm_job` (a READY job is applied); a failed or
stalled job is checked again from its stored file by the shared restart (`core.jobs.services.restart_job`). Every
upload view calls these, so the rules for files and states live here once. An import is a job (docs/jobs.md): the
tasks in core/tasks.py call these functions and are sent by name with `core.jobs.tasks.enqueue`, since they import
this module at the top."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ..exports import workbook_bytes
from ..formats import parse_date
from ..jobs.tasks import enqueue
from ..models import ImportJob
from ..uploads import IMPORT_EXTENSIONS
from . import get_importer
from .base import MAX_STORED_ERRORS, Plan
from .cells import parse_number
from .examples import EXAMPLE_HEADER, EXAMPLE_MARK, ExampleRowsError
from .readers import ImportFileError, MissingAnswer, check_size, first_row

# the upload form reads a small file at once for the template's example rows (the job reads every file again)
EXAMPLES_CHECKED_BELOW = 512 * 1024


@dataclass
class ImportResult:
    ok: bool
    errors: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    preview: list[dict] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)  # approved decisions the changes touch (confirm them to apply)


USES_UNCONFIRMED = _("Файл меняет данные, на которые опираются утверждённые решения; подтвердите изменение. "
                     "Ничего не записано.")


def _file_error(message) -> list[dict]:
    return [{"row": None, "column": "", "value": "", "message": str(message)}]


def run_import(*, kind: str, file, filename: str, user=None, dry_run: bool = False,
               mapping: dict | None = None, options: dict | None = None, confirm_uses: bool = False) -> ImportResult:
    """Validate a file and, when every row is right and this is not a dry run, apply it. Changes that approved
    decisions rely on (`Importer.uses`) are applied only with `confirm_uses`; without it nothing is written."""
    importer = get_importer(kind, mapping, options)
    try:
        table = importer.read(file, filename)
    except ImportFileError as exc:
        return ImportResult(ok=False, errors=_file_error(exc))
    try:
        plan = importer.validate(table, user)
    except MissingAnswer as exc:
        return ImportResult(ok=False, errors=_file_error(exc))
    if not plan.ok:
        return ImportResult(ok=False, errors=[e.as_dict() for e in plan.errors], summary=plan.summary())
    plan.uses = importer.uses(plan)
    if plan.uses and not confirm_uses and not dry_run:
        return ImportResult(ok=False, errors=_file_error(USES_UNCONFIRMED), summary=plan.summary(),
                            preview=plan.preview, uses=plan.use_texts)
    summary = plan.summary() if dry_run else importer.apply(plan, user)
    return ImportResult(ok=True, summary=summary, preview=plan.preview, uses=plan.use_texts)



def check_examples(kind: str, upload) -> None:
    """An upload that is the template's example rows is refused at the form (ValidationError, nothing stored); only
    small files are read here, the job refuses the rest with the same message."""
    if upload.size > EXAMPLES_CHECKED_BELOW:
        return
    try:
        get_importer(kind).read(upload, upload.name)
    except ExampleRowsError as exc:
        raise ValidationError(str(exc)) from None
    except (ImportFileError, MissingAnswer):
        pass  # any other problem of the file is the job's to report, with its rows
    finally:
        upload.seek(0)


def check_upload(upload) -> None:
    """An uploaded table: .xlsx or .csv within the size limit; ValidationError with a Russian message."""
    if not upload.name.lower().endswith(IMPORT_EXTENSIONS):
        raise ValidationError(_("Загрузите файл .xlsx или .csv."))
    try:
        check_size(upload.size)
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from None


def start_job(*, actor, kind: str, upload, options: dict | None = None) -> ImportJob:
    """Store the upload and queue its validation (after commit). The caller has checked the actor's right
    to this kind (and, for a targeted kind, to its target)."""
    get_importer(kind)  # an unknown kind is refused before anything is stored
    check_upload(upload)
    check_examples(kind, upload)
    job = ImportJob(kind=kind, original_name=upload.name[:255], requested_by=actor, options=options or {})
    job.file.save(upload.name, upload, save=False)
    job.save()
    enqueue(ImportJob.task_name, job)
    return job


def _check_again(job: ImportJob, **values) -> None:
    """The file is checked again (with the user's mapping or answer): queued, the validation sent after commit."""
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.QUEUED, processed_rows=0, progress=0, errors=[],
                                               finished_at=None, heartbeat_at=timezone.now(),
                                               updated_at=timezone.now(), **values)
    enqueue(ImportJob.task_name, job)


def remap_job(*, job: ImportJob, answers: dict[str, str]) -> ImportJob:
    """The user's answer to "which file column holds our column X": kept, then the file is checked again."""
    if job.state != ImportJob.State.NEEDS_MAPPING:
        raise ValidationError(_("Сопоставление столбцов уже не требуется."))
    columns = get_importer(job.kind).columns
    mapping = {ours: theirs for ours, theirs in answers.items() if theirs in job.file_header}
    missing = [c.header for c in columns if c.required and c.header not in mapping]
    if missing:
        raise ValidationError(_("Укажите столбцы файла для: %(cols)s.") % {"cols": ", ".join(missing)})
    _check_again(job, mapping=mapping)
    return job


def answer_job(*, job: ImportJob, answer: str) -> ImportJob:
    """The user's answer to the file's question (e.g. its school year): kept in the options, then the file is
    checked again (the kind parses the answer and asks again, with its message, when it is wrong)."""
    question = job.summary.get("question") if job.state == ImportJob.State.NEEDS_ANSWER else None
    if not question:
        raise ValidationError(_("Файлу уже не нужно уточнение."))
    if not (answer or "").strip():
        raise ValidationError(_("Укажите: %(q)s.") % {"q": question["label"]})
    options = {**job.options, question["name"]: answer.strip()[:100]}
    _check_again(job, options=options, summary={})
    return job


def confirm_job(*, job: ImportJob, confirmed_uses: bool = False) -> ImportJob:
    """Apply a checked file (READY); anything else is refused with a message. A file whose changes approved decisions
    rely on (`job.summary["uses"]`) needs the user's explicit confirmation of them; the confirmed texts are kept with
    the job and logged with every changed record."""
    if job.state != ImportJob.State.READY:
        raise ValidationError(_("Загрузить можно только проверенный файл без ошибок."))
    uses = job.summary.get("uses") or []
    if uses and not confirmed_uses:
        raise ValidationError(_("Отметьте, что вы подтверждаете изменение данных, на которые опираются утверждённые "
                                "решения, — или не загружайте файл."))
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.APPLYING, processed_rows=0, progress=0,
                                               options={**job.options, "confirmed_uses": uses},
                                               heartbeat_at=timezone.now(), updated_at=timezone.now())
    enqueue(ImportJob.apply_task_name, job)
    return job


def _validate(job: ImportJob, progress) -> tuple[object, Plan | None]:
    importer = get_importer(job.kind, job.mapping, job.options)
    with job.file.open("rb") as fh:
        try:
            table = importer.read(fh, job.original_name)
        except ImportFileError as exc:
            job.errors = _file_error(exc)
            if importer.mappable and "Не найдена строка заголовков" in str(exc):
                try:
                    job.file_header = first_row(fh, job.original_name)
                except ImportFileError:
                    job.file_header = []
            return importer, None
    job.report(0, total_rows=len(table.rows))
    try:
        plan = importer.validate(table, job.requested_by, progress)
        if plan.ok:
            plan.uses = importer.uses(plan)
        return importer, plan
    except MissingAnswer as exc:
        job.errors = _file_error(exc)
        job.summary = {"question": {"name": exc.name, "label": str(exc.label), "example": exc.example}}
        return importer, None


def _store_plan(job: ImportJob, plan: Plan) -> None:
    job.errors = [e.as_dict() for e in plan.errors[:MAX_STORED_ERRORS]]
    job.summary = plan.summary()
    if plan.uses:
        job.summary["uses"] = plan.use_texts
    job.preview = plan.preview


def _rows_reporter(job: ImportJob, progress):
    """The importers report rows; the job's row keeps them with the percent (each report a heartbeat)."""

    def report(done, total):
        job.report(int(100 * done / total) if total else 0, processed_rows=done, total_rows=total)
        progress(done, total)

    return report


def validate_job(job: ImportJob, progress=lambda done, total: None) -> ImportJob:
    """Phase 1: check every row; the job becomes READY (nothing written) or INVALID with the errors."""
    job.mark_running(processed_rows=0)
    _importer, plan = _validate(job, _rows_reporter(job, progress))
    if plan is not None:
        _store_plan(job, plan)
    if plan is None and job.summary.get("question"):
        state = ImportJob.State.NEEDS_ANSWER
    elif plan is None and job.file_header:
        state = ImportJob.State.NEEDS_MAPPING
    else:
        state = ImportJob.State.READY if plan is not None and plan.ok else ImportJob.State.INVALID
    waits = state != ImportJob.State.INVALID  # for the user's confirmation, mapping or answer: not over yet
    job.mark_finished(state=state, processed_rows=job.total_rows, errors=job.errors, summary=job.summary,
                      preview=job.preview, file_header=job.file_header, **({"finished_at": None} if waits else {}))
    return job


def apply_job(job: ImportJob, progress=lambda done, total: None) -> ImportJob:
    """Phase 2: re-validate against the current data, then write in one transaction."""
    if job.state == ImportJob.State.DONE:
        return job  # idempotent: a repeated task does nothing
    job.report(0, state=ImportJob.State.APPLYING, processed_rows=0)
    importer, plan = _validate(job, _rows_reporter(job, progress))
    unconfirmed = plan is not None and plan.ok and not set(plan.use_texts) <= set(job.options.get("confirmed_uses", ()))
    if plan is None or not plan.ok or unconfirmed:
        if plan is not None:
            _store_plan(job, plan)
        if unconfirmed:  # approved meanwhile: what the user confirmed is not all the file now touches
            job.errors = _file_error(_("Пока файл ждал загрузки, изменилось, какие утверждённые решения опираются на "
                                       "его данные. Загрузите файл снова и подтвердите изменения. Ничего не записано."))
        state = ImportJob.State.INVALID
    else:
        with transaction.atomic():
            job.summary = importer.apply(plan, job.requested_by)
            if plan.uses:
                job.summary["uses"] = plan.use_texts
            job.preview = plan.preview
            state = ImportJob.State.DONE
    job.mark_finished(state=state, processed_rows=job.total_rows, errors=job.errors, summary=job.summary,
                      preview=job.preview)
    return job


def template_workbook(kind: str) -> bytes:
    """An XLSX template: the header row, an example row, and a sheet explaining every column."""
    importer = get_importer(kind)
    wb = Workbook()
    ws = wb.active
    ws.title = "Данные"
    ws.append([*(c.header for c in importer.columns), EXAMPLE_HEADER])
    for row in importer.example_rows():  # typed as a filled file would be: dates as dates, numbers as numbers
        ws.append([*(_example_cell(c, v) for c, v in zip(importer.columns, row, strict=True)), EXAMPLE_MARK])
    for i, c in enumerate(importer.columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F1" if c.required else "F2F2F2")
        ws.column_dimensions[get_column_letter(i)].width = max(14, len(c.header) + 4)
    notes = wb.create_sheet("Пояснения")
    notes.append(["Столбец", "Обязательный", "Что вписывать"])
    for c in importer.columns:
        allowed = ", ".join(str(label) for _v, label in c.choices)
        text = c.help or ""
        if allowed:
            text = f"{text}; допустимые значения: {allowed}" if text else f"Допустимые значения: {allowed}"
        if c.type == "int":
            text = text or "целое число не меньше 0"
        notes.append([c.header, "да" if c.required else "нет", text])
    notes.append([])
    notes.append([EXAMPLE_HEADER, "нет", "«да» — строка-пример из шаблона; файл со строками-примерами не загружается"])
    notes.append([])
    notes.append(["Строки-примеры (в столбце «Пример» у них «да») удалите перед загрузкой: файл с ними отклоняется. "
                  "Повторная загрузка того же файла ничего не меняет."])
    for col, width in zip("ABC", (34, 14, 80), strict=True):
        notes.column_dimensions[col].width = width
    return workbook_bytes(wb)


def _example_cell(column, text: str):
    try:
        if column.type == "date" and text:
            return parse_date(text)
        if column.type in ("int", "decimal") and text:
            value = parse_number(text, "")
            return int(value) if column.type == "int" else float(value)
    except ValueError:
        pass
    return text


def template_csv(kind: str) -> bytes:
    importer = get_importer(kind)
    lines = [";".join([*(c.header for c in importer.columns), EXAMPLE_HEADER]),
             *(";".join([*row, EXAMPLE_MARK]) for row in importer.example_rows())]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
