"""What the drills see and do: the browser's requests on the import and identification pages, and one line per
step of a drill."""

import re
import time

import requests
from _serve import CSRF, csrf_token
from _stand import Stand, wait_for

METHODOLOGIST = "metodist.dinskoy@demo.ru"
DIRECTOR = "director.school1@demo.ru"
PAGES = ["/", "/schools/", "/roadmaps/", "/identification/list/", "/partnerships/", "/api/v1/schools/"]
QUEUE_DOWN = "Очередь задач недоступна, попробуйте позже."
STALE = "Обработка прервалась: больше {minutes} мин без движения. Запустите её снова."
RESTART_BUTTON = "Проверить файл заново"
UNAVAILABLE_PAGE = "Портал временно недоступен"  # core.errors.unavailable: the 503 of a database down
WRONG_PASSWORD = "адрес электронной почты и/или пароль неверны"
CSV_HEADER = "Код ОО;Муниципалитет (код);Краткое наименование;Полное наименование;Вид;Местность"


def schools_csv(rows: int, first_code: int) -> bytes:
    """A registry file of new schools of the demo's Dinskoy municipality (its methodologist may load them)."""
    lines = [CSV_HEADER] + [f"{first_code + i};dinskoy;Школа учений {i};Муниципальная школа учений № {i};СОШ;сельская"
                            for i in range(rows)]
    return "\r\n".join(lines).encode()


class Drill:
    """Prints one line per step and counts the failed ones."""

    failed = 0

    def __init__(self, title: str):
        self.started = time.monotonic()
        print(f"\n== {title}")

    def step(self, name: str, ok: bool, detail: str = "", took: float | None = None) -> bool:
        if not ok:
            Drill.failed += 1
        took_text = f" [{took:.2f} s]" if took is not None else ""
        print(f"  {time.monotonic() - self.started:6.1f} s  {'PASS' if ok else 'FAIL'}  {name}{took_text}"
              + (f": {detail}" if detail else ""), flush=True)
        return ok


class Portal:
    """What the browser does on the import pages, for one signed-in user."""

    def __init__(self, stand: Stand, session: requests.Session):
        self.stand, self.base, self.session = stand, stand.base, session

    def start_import(self, name: str, content: bytes) -> tuple[requests.Response, float]:
        token = csrf_token(self.session, f"{self.base}/imports/")
        started = time.monotonic()
        answer = self.session.post(f"{self.base}/imports/", data={"kind": "schools", "csrfmiddlewaretoken": token},
                                   files={"file": (name, content, "text/csv")}, allow_redirects=False, timeout=60,
                                   headers={"Referer": f"{self.base}/imports/"})
        return answer, time.monotonic() - started

    @staticmethod
    def job_of(answer: requests.Response) -> int | None:
        parts = answer.headers.get("Location", "").strip("/").split("/")
        return int(parts[-1]) if answer.status_code == 302 and parts[-1].isdigit() else None

    def status(self, pk: int) -> dict:
        return self.session.get(f"{self.base}/imports/{pk}/status/", timeout=30).json()

    def page(self, pk: int) -> str:
        return self.session.get(f"{self.base}/imports/{pk}/", timeout=30).text

    def restart(self, pk: int) -> requests.Response:
        """The «Проверить файл заново» button of the job's page."""
        token = csrf_token(self.session, f"{self.base}/imports/{pk}/")
        return self.session.post(f"{self.base}/imports/{pk}/restart/", data={"csrfmiddlewaretoken": token},
                                 headers={"Referer": f"{self.base}/imports/{pk}/"}, allow_redirects=False,
                                 timeout=60)

    def wait_state(self, pk: int, states: tuple[str, ...], seconds: float) -> tuple[dict | None, float]:
        return wait_for(lambda: (s := self.status(pk))["state"] in states and s, seconds, 0.3)

    def start_run(self) -> tuple[requests.Response, float]:
        """A what-if identification run of the methodologist's municipality, with the form's own defaults."""
        page = self.session.get(f"{self.base}/identification/runs/new/", timeout=30).text
        data = {"csrfmiddlewaretoken": CSRF.search(page).group(1), "is_what_if": "on"}
        for name in ("methodology", "start_year", "municipality"):
            select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)  # else the first, as a browser
            data[name] = (chosen or re.search(r'<option value="([^"]*)"', select)).group(1)
        started = time.monotonic()
        answer = self.session.post(f"{self.base}/identification/runs/new/", data=data, allow_redirects=False,
                                   timeout=60, headers={"Referer": f"{self.base}/identification/runs/new/"})
        return answer, time.monotonic() - started

    def run_status(self, pk: int) -> dict:
        return self.session.get(f"{self.base}/identification/runs/{pk}/status/", timeout=30).json()

    def restart_run(self, pk: int) -> requests.Response:
        """The «Запустить расчёт заново» button of the run's page."""
        token = csrf_token(self.session, f"{self.base}/identification/runs/{pk}/")
        return self.session.post(f"{self.base}/identification/runs/{pk}/restart/", timeout=60,
                                 data={"csrfmiddlewaretoken": token}, allow_redirects=False,
                                 headers={"Referer": f"{self.base}/identification/runs/{pk}/"})

    def start_report(self) -> tuple[requests.Response, float]:
        """A new version of the annual report of the methodologist's municipality (the form's first territory and its
        default year), as the «Годовые отчёты» page asks for it."""
        page = self.session.get(f"{self.base}/monitoring/reports/", timeout=30).text
        data = {"csrfmiddlewaretoken": CSRF.search(page).group(1)}
        for name in ("territory", "year"):
            select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)
            data[name] = (chosen or re.search(r'<option value="([^"]+)"', select)).group(1)
        started = time.monotonic()
        answer = self.session.post(f"{self.base}/monitoring/reports/new/", data=data, allow_redirects=False,
                                   timeout=60, headers={"Referer": f"{self.base}/monitoring/reports/"})
        return answer, time.monotonic() - started

    def report_status(self, pk: int) -> dict | None:
        """The report's status JSON; None while the portal cannot answer (the database down: a 503 page)."""
        try:
            answer = self.session.get(f"{self.base}/monitoring/reports/{pk}/status/", timeout=30)
            return answer.json() if answer.status_code == 200 else None
        except (requests.RequestException, ValueError):
            return None

    def report_page(self, pk: int) -> str:
        return self.session.get(f"{self.base}/monitoring/reports/{pk}/", timeout=30).text

    def restart_report(self, pk: int) -> requests.Response:
        """The «Сформировать заново» button of the report's page."""
        token = csrf_token(self.session, f"{self.base}/monitoring/reports/{pk}/")
        return self.session.post(f"{self.base}/monitoring/reports/{pk}/restart/", timeout=60,
                                 data={"csrfmiddlewaretoken": token}, allow_redirects=False,
                                 headers={"Referer": f"{self.base}/monitoring/reports/{pk}/"})

    def wait_report(self, pk: int, states: tuple[str, ...], seconds: float,
                    interval: float = 0.3) -> tuple[dict | None, float]:
        return wait_for(lambda: (s := self.report_status(pk)) and s["state"] in states and s, seconds, interval)

    def healthz(self) -> tuple[int, dict]:
        answer = requests.get(f"{self.base}/healthz", timeout=10)
        return answer.status_code, answer.json()


def jobs_count(stand: Stand) -> tuple[int, int, int, int]:
    """(import jobs, those still «working»: queued, checked or applied; identification runs, queued or running)."""
    return (*stand.pg.sql("SELECT count(*), count(*) FILTER (WHERE state IN ('queued', 'running', 'applying')) "
                          "FROM core_importjob")[0],
            *stand.pg.sql("SELECT count(*), count(*) FILTER (WHERE state IN ('queued', 'running')) "
                          "FROM identification_run")[0])
