#!/usr/bin/python3
"""Loads `perfjudge report --format html` in headless Chromium through chromedriver (WebDriver
over HTTP, standard library only) and checks what a reader relies on: no console errors, a
sortable leaderboard, rendered charts, and untrusted names shown as text, never run.

Environment: PJ_PERFJUDGE_EXE (the CLI), PJ_SOURCE_DIR (repo root),
PJ_UPDATE_SCREENSHOT=1 to rewrite docs/report-screenshot.png,
PJ_REPORT_DB to render an existing store instead of the built-in fixture."""

import base64
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

XSS = "<script>alert(1)</script>"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def build_fixture(path, schema):
    """A small store following store/schema.sql: four models, four tasks, two references each."""
    db = sqlite3.connect(path)
    db.executescript(schema)
    db.execute(
        "INSERT INTO runs VALUES (1,'k','complete','2026-11-26T08:00:00Z','2026-11-26T08:05:00Z',"
        "'[]','0.1.0','abc','{\"cores\":2}','{\"cost\":\"cpu_time\"}')")
    rng = random.Random(7)
    levels = [{"level": 0, "hardness": 1, "seeds": [1], "args": []},
              {"level": 1, "hardness": 3, "seeds": [1, 2], "args": []}]
    tasks = ["prefix-sums", "two-sum", "lis", "count-primes"]
    # model -> (pass probability, cost multiplier against the best reference)
    models = {"gpt-like": (0.9, 1.3), "small-coder": (0.6, 3.0), XSS: (0.75, 0.9),
              "fast-but-flaky": (0.4, 0.6)}
    pid = 0

    def program(task, role, model, sid, level=None, rank=None, verdict="OK", passed=1):
        nonlocal pid
        pid += 1
        db.execute("INSERT INTO programs VALUES (?,1,?,?,?,?,?,?,'cpp','s',?,?,?,?)",
                   (pid, task, role, model, sid, level, rank, "int main(){}",
                    "```cpp\nint main(){}\n```" if role == "sample" else None,
                    '{"blocks":1}' if role == "sample" else None, "samples.jsonl:1"))
        db.execute("INSERT INTO program_results VALUES (?,?,?,?,?,?,NULL)",
                   (pid, verdict, passed, None if passed else "small",
                    None if passed else "wrong answer", None if passed else "expected 3\ngot <4>"))
        return pid

    def stress(p, base, mult):
        for lv in levels:
            for seed in lv["seeds"]:
                cost = base * (10 if lv["level"] else 1) * mult * (1 + rng.uniform(-0.05, 0.05))
                db.execute("INSERT INTO stress_results VALUES (?,?,?,'OK',0,NULL,?,?,2048,0.5)",
                           (p, lv["level"], seed, cost, cost))

    for t in tasks:
        db.execute("INSERT INTO tasks VALUES (1,?,'program','sha',2.0,?)", (t, json.dumps(levels)))
        base = rng.uniform(0.01, 0.05)
        stress(program(t, "reference", "", "naive", "naive", 0), base, 4.0)
        stress(program(t, "reference", "", "expert", "expert", 2), base, 1.0)
        for m, (p_ok, mult) in models.items():
            for i in range(5):
                ok = rng.random() < p_ok
                p = program(t, "sample", m, str(i), verdict="OK" if ok else "WA",
                            passed=1 if ok else 0)
                if ok:
                    stress(p, base, mult * rng.uniform(0.7, 1.4))
    db.commit()
    db.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port
        self.session = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.loads(r.read() or b"{}").get("value")
        except urllib.error.HTTPError as e:
            payload = json.loads(e.read() or b"{}").get("value", {})
            raise WebDriverError(payload.get("error", str(e.code)), payload.get("message", ""))

    def s(self, method, path, body=None):
        return self.call(method, "/session/%s%s" % (self.session, path), body)

    def script(self, code, *args):
        return self.s("POST", "/execute/sync", {"script": code, "args": list(args)})


class WebDriverError(Exception):
    def __init__(self, error, message):
        super().__init__("%s: %s" % (error, message))
        self.error = error


class ReportPageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        exe = os.environ.get("PJ_PERFJUDGE_EXE")
        src = os.environ.get("PJ_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
        for tool in (exe, CHROMIUM, CHROMEDRIVER):
            if not tool or not os.access(tool, os.X_OK):
                raise RuntimeError("missing executable: %r (install chromium chromium-driver; "
                                   "set PJ_PERFJUDGE_EXE)" % tool)
        cls.src = src
        cls.tmp = tempfile.TemporaryDirectory(prefix="pj-browser-")
        db = os.environ.get("PJ_REPORT_DB")
        if not db:
            db = os.path.join(cls.tmp.name, "fixture.db")
            with open(os.path.join(src, "store", "schema.sql")) as f:
                build_fixture(db, f.read())
        cls.page = os.path.join(cls.tmp.name, "report.html")
        subprocess.run([exe, "report", "--db", db, "--format", "html", "-o", cls.page],
                       check=True, timeout=60)
        port = free_port()
        cls.driver_proc = subprocess.Popen([CHROMEDRIVER, "--port=%d" % port],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.wd = WebDriver(port)
        deadline = time.time() + 20
        while True:
            try:
                if cls.wd.call("GET", "/status").get("ready"):
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if time.time() > deadline:
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + os.path.join(cls.tmp.name, "profile"),
                "--window-size=1280,1000", "--hide-scrollbars"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"}}}}
        cls.wd.session = cls.wd.call("POST", "/session", caps)["sessionId"]
        cls.wd.s("POST", "/url", {"url": "file://" + cls.page})

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.wd.session:
                cls.wd.call("DELETE", "/session/" + cls.wd.session)
        finally:
            cls.driver_proc.terminate()
            cls.driver_proc.wait(timeout=10)
            cls.tmp.cleanup()

    def column_values(self, index):
        return self.wd.script(
            "var i = arguments[0];"
            "return Array.from(document.querySelectorAll('#leaderboard tbody tr'))"
            ".map(function(r){return r.cells[i].dataset.value;});", index)

    def test_1_no_console_errors_and_no_alert(self):
        logs = self.wd.s("POST", "/se/log", {"type": "browser"})
        errors = [l for l in logs if l.get("level") == "SEVERE"]
        self.assertEqual(errors, [])
        with self.assertRaises(WebDriverError) as e:
            self.wd.s("GET", "/alert/text")
        self.assertEqual(e.exception.error, "no such alert")

    def test_2_untrusted_model_name_is_text(self):
        names = self.wd.script(
            "return Array.from(document.querySelectorAll('#leaderboard td.name'))"
            ".map(function(c){return c.textContent;});")
        self.assertIn(XSS, names)
        # Only the page's own two script elements exist.
        self.assertEqual(self.wd.script("return document.scripts.length;"), 2)
        data = self.wd.script(
            "return JSON.parse(document.getElementById('report-data').textContent)"
            ".models.map(function(m){return m.model;});")
        self.assertIn(XSS, data)

    def test_3_clicking_a_header_resorts(self):
        headers = self.wd.script(
            "return Array.from(document.querySelectorAll('#leaderboard th'))"
            ".map(function(h){return h.textContent;});")
        col = headers.index("cost_ratio")
        header = self.wd.s("POST", "/element",
                           {"using": "css selector",
                            "value": "#leaderboard th:nth-child(%d)" % (col + 1)})
        eid = list(header.values())[0]
        self.wd.s("POST", "/element/%s/click" % eid, {})
        first = [float(v) for v in self.column_values(col) if v != ""]
        self.assertEqual(first, sorted(first))  # lower is better: ascending first
        self.wd.s("POST", "/element/%s/click" % eid, {})
        second = [float(v) for v in self.column_values(col) if v != ""]
        self.assertEqual(second, sorted(second, reverse=True))
        self.assertGreater(len(second), 1)
        # Restore the default order (pass@1, best first) for the screenshot.
        p1 = headers.index("pass@1")
        # The sticky model column covers headers scrolled under it; bring pass@1 back first.
        self.wd.script("document.querySelector('.scroll').scrollLeft = 0;")
        h = self.wd.s("POST", "/element", {"using": "css selector",
                                           "value": "#leaderboard th:nth-child(%d)" % (p1 + 1)})
        self.wd.s("POST", "/element/%s/click" % list(h.values())[0], {})
        values = [float(v) for v in self.column_values(p1) if v != ""]
        self.assertEqual(values, sorted(values, reverse=True))

    def test_4_charts_render(self):
        info = self.wd.script(
            "function box(id){var e=document.getElementById(id);var r=e.getBoundingClientRect();"
            "return {w:r.width,h:r.height,circles:e.querySelectorAll('circle').length,"
            "rects:e.querySelectorAll('rect').length};}"
            "return {scatter:box('scatter'),heatmap:box('heatmap')};")
        for chart in ("scatter", "heatmap"):
            self.assertGreater(info[chart]["w"], 0, chart)
            self.assertGreater(info[chart]["h"], 0, chart)
        self.assertGreaterEqual(info["scatter"]["circles"], 2)
        self.assertGreaterEqual(info["heatmap"]["rects"], 4)

    def test_5_screenshot(self):
        self.wd.script("document.querySelector('.scroll').scrollLeft = 0; window.scrollTo(0, 0);")
        png = base64.b64decode(self.wd.s("GET", "/screenshot"))
        self.assertTrue(png.startswith(b"\x89PNG"))
        if os.environ.get("PJ_UPDATE_SCREENSHOT") == "1":
            with open(os.path.join(self.src, "docs", "report-screenshot.png"), "wb") as f:
                f.write(png)


if __name__ == "__main__":
    unittest.main(verbosity=2)
