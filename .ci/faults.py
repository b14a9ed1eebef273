"""The fault scenarios of issue #29, run by `.ci/faults`: real server processes on SQLite
and on a PostgreSQL cluster of their own (initdb into a temporary folder, its own port),
nginx from deploy/nginx.conf in front of two of them. Prints one table; never fails on a
figure (a scenario that cannot run here says why in its row).

Writers are demo members creating drafts through the server function a browser posts
(`/api/save_idea`); a write is acknowledged when its answer is 200 with the idea's id, and
lost when that id is not in the database afterwards."""

import atexit
import contextlib
import http.cookiejar
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

BIN, PG_BIN, REPO = sys.argv[1], sys.argv[2], sys.argv[3]
WORK = tempfile.mkdtemp(prefix="cip-faults-")
SITE = os.path.join(WORK, "site")
os.makedirs(os.path.join(SITE, "pkg"), exist_ok=True)
DEMO = ["anna", "mehmet", "julia", "tobias", "leonie", "sven", "fatima", "markus", "clara",
        "jonas", "priya", "lukas", "sophie", "daniel", "elena", "thomas", "hannah", "ali",
        "maria", "ben", "ole", "laura", "nina", "paul"]
PG_PORT = 55432
ROWS = []
# A server's address → the site address its forms come from (its public_url).
ORIGIN_OF = {}
# Every process started, stopped at exit whatever happened.
STARTED = []


def stop_all():
    for p in STARTED:
        if p.poll() is None:
            p.kill()
            p.wait()


atexit.register(stop_all)


def row(scenario, acked="", lost="", errors="", recovery="", rss="", note=""):
    ROWS.append((scenario, acked, lost, errors, recovery, rss, note))
    print(f"  done: {scenario}: acked {acked} lost {lost} errors {errors} "
          f"recovery {recovery} rss {rss} {note}", flush=True)


# --- servers -------------------------------------------------------------------------

class Server:
    def __init__(self, port, db, **env):
        self.port, self.db = port, db
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(WORK, f"server-{port}.log"), "ab")
        self.env = dict(os.environ, CIP_SITE_ADDR=f"127.0.0.1:{port}", CIP_PUBLIC_URL=self.base,
                        CIP_DATABASE_URL=db, CIP_DEMO_DATA="true", CIP_SITE_ROOT=SITE,
                        CIP_MAIL_OUTBOX=os.path.join(WORK, "outbox"), CIP_LOG="warn",
                        CIP_PAGE_CACHE_SECS="30",
                        # Writers and readers are distinct clients (X-Forwarded-For), as
                        # people behind the balancer are: rate limits count each.
                        CIP_TRUSTED_PROXIES="[127.0.0.1]")
        self.env.update(env)
        ORIGIN_OF[self.base] = self.env["CIP_PUBLIC_URL"]
        self.proc = None
        self.peak_rss = 0

    def start(self, wait=True):
        self.proc = subprocess.Popen([BIN, "serve"], env=self.env, stdout=self.log,
                                     stderr=self.log)
        STARTED.append(self.proc)
        return self.wait_ready() if wait else None

    def wait_ready(self, limit=60.0):
        """Seconds until /healthz answers 200."""
        began = time.monotonic()
        while time.monotonic() - began < limit:
            if status(self.base + "/healthz", timeout=1) == 200:
                return time.monotonic() - began
            if self.proc.poll() is not None:
                raise RuntimeError(f"server on {self.port} exited ({self.proc.returncode})")
            time.sleep(0.02)
        raise RuntimeError(f"server on {self.port} not ready in {limit} s")

    def rss_mb(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        self.peak_rss = max(self.peak_rss, int(line.split()[1]) // 1024)
        except OSError:
            pass
        return self.peak_rss

    def kill(self, sig=signal.SIGKILL):
        if self.proc and self.proc.poll() is None:
            self.rss_mb()
            self.proc.send_signal(sig)
            self.proc.wait()


def status(url, timeout=5.0, **kw):
    try:
        return request(url, timeout=timeout, **kw)[0]
    except Exception:
        return None


def request(url, data=None, opener=None, timeout=5.0, headers=None, client=None):
    """(status, body); a refused or dropped connection raises. `client`: the address the
    request comes from, as the balancer would say."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers or {})
    if client:
        req.add_header("X-Forwarded-For", client)
    if data is not None:
        base = "/".join(url.split("/")[:3])
        req.add_header("Origin", ORIGIN_OF.get(base, base))
        req.add_header("Accept", "application/json")
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=timeout) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def member(base, local, client=None):
    """An opener logged in as a demo member."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for _ in range(50):
        code, _ = request(base + "/api/login", {"email": f"{local}@demo.civic-innovation.invalid",
                                                "password": "demo-password"}, opener,
                          client=client)
        if code == 200:
            return opener
        time.sleep(0.1)
    raise RuntimeError(f"login {local}: {code}")


# --- writers and readers -------------------------------------------------------------

class Writers:
    """`n` demo members creating drafts until stopped."""

    def __init__(self, base, n, tag):
        self.base, self.tag = base, tag
        self.openers = [member(base, DEMO[i % len(DEMO)], self.client(i)) for i in range(n)]
        self.acked, self.errors, self.refused, self.limited = [], {}, 0, 0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.write, args=(i,)) for i in range(n)]

    @staticmethod
    def client(i):
        return f"10.0.{i // 200}.{i % 200 + 1}"

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *_):
        self.stop.set()
        for t in self.threads:
            t.join()

    def write(self, i):
        n = 0
        while not self.stop.is_set():
            n += 1
            form = {"title": f"{self.tag} {i}-{n}", "teaser": "Written under a fault.",
                    "description": "A draft of the fault scenarios.", "topics": "Open Data",
                    "sought": "", "maturity": "rough_idea"}
            try:
                code, body = request(self.base + "/api/save_idea", form, self.openers[i],
                                     timeout=10, client=self.client(i))
            except urllib.error.URLError as e:
                reason = type(getattr(e, "reason", e)).__name__
                with self.lock:
                    if isinstance(getattr(e, "reason", None), ConnectionRefusedError):
                        self.refused += 1
                    else:
                        self.errors[reason] = self.errors.get(reason, 0) + 1
                time.sleep(0.05)
                continue
            except Exception as e:  # a connection dropped mid-answer, a time-out
                with self.lock:
                    self.errors[type(e).__name__] = self.errors.get(type(e).__name__, 0) + 1
                continue
            with self.lock:
                if code == 200:
                    self.acked.append(json.loads(body))
                elif code != 429:
                    self.errors[str(code)] = self.errors.get(str(code), 0) + 1
            if code == 429:
                with self.lock:
                    self.limited += 1
                time.sleep(0.2)

    def error_text(self):
        return ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items())) or "0"


def first_idea(base):
    """The id of the first idea on the market."""
    return re.search(r'href="/ideas/([0-9a-f-]{36})"', request(base + "/")[1].decode()).group(1)


def ids_in(db):
    if db.startswith("sqlite"):
        path = db.split("://", 1)[1].split("?")[0]
        with contextlib.closing(sqlite3.connect(path)) as c:
            return {str(uuid.UUID(bytes=r[0])) if isinstance(r[0], bytes) else r[0]
                    for r in c.execute("SELECT id FROM ideas")}
    out = subprocess.run(["psql", db, "-qtAc", "SELECT id FROM ideas"], check=True,
                         capture_output=True, text=True).stdout
    return {line.strip() for line in out.splitlines() if line.strip()}


def lost(writers, db):
    there = ids_in(db)
    return sum(1 for i in writers.acked if i not in there)


def integrity(db):
    path = db.split("://", 1)[1].split("?")[0]
    with contextlib.closing(sqlite3.connect(path)) as c:
        return c.execute("PRAGMA integrity_check").fetchone()[0]


# --- PostgreSQL of our own -----------------------------------------------------------

class Cluster:
    # initdb refuses to run as root: as root, the cluster is the postgres user's.
    AS = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix="cip-faults-pg-")
        if self.AS:
            subprocess.run(["chown", "postgres", self.home], check=True)
        self.dir = os.path.join(self.home, "data")
        subprocess.run(self.AS + [f"{PG_BIN}/initdb", "-D", self.dir, "-U", "postgres",
                                  "--auth=trust", "-E", "UTF8", "--locale=C"],
                       check=True, capture_output=True)
        self.start()

    def pg_ctl(self, *args):
        subprocess.run(self.AS + [f"{PG_BIN}/pg_ctl", "-D", self.dir, "-l",
                                  os.path.join(self.home, "pg.log"), *args],
                       check=True, capture_output=True)

    def start(self):
        self.pg_ctl("-o", f"-p {PG_PORT} -k {self.home} -c listen_addresses=127.0.0.1", "-w",
                    "start")

    def stop(self):
        self.pg_ctl("-m", "fast", "-w", "stop")

    def fresh(self, name):
        url = f"postgres://postgres@127.0.0.1:{PG_PORT}"
        subprocess.run(["psql", f"{url}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}",
                        "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        return f"{url}/{name}"


def sqlite_db(name):
    return f"sqlite://{WORK}/{name}.sqlite?mode=rwc"


# --- scenarios -----------------------------------------------------------------------

def kill9(name, db, writers=24, seconds=4.0):
    s = Server(3201, db)
    s.start()
    with Writers(s.base, writers, "kill9") as w:
        time.sleep(seconds)
        s.kill()
    recovery = s.start()
    note = f"integrity {integrity(db)}" if db.startswith("sqlite") else ""
    row(f"kill -9, {name}, {writers} writers", len(w.acked), lost(w, db), w.error_text(),
        f"{recovery:.2f} s", f"{s.rss_mb()} MB", note)
    s.kill(signal.SIGTERM)


def database_stopped(cluster, seconds=6.0):
    db = cluster.fresh("cip_stop")
    s = Server(3202, db)
    s.start()
    reader = member(s.base, "hannah")
    answers, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            began = time.monotonic()
            try:
                code = request(s.base + "/me/ideas", opener=reader, timeout=10)[0]
            except Exception as e:
                code = type(e).__name__
            answers.append((began, code, time.monotonic() - began))
            time.sleep(0.05)

    t = threading.Thread(target=read)
    with Writers(s.base, 16, "pgstop") as w:
        t.start()
        time.sleep(1)
        cluster.stop()
        down = time.monotonic()
        time.sleep(seconds)
        cluster.start()
        up = time.monotonic()
        while not any(a[0] > up and a[1] == 200 for a in answers):
            time.sleep(0.02)
        back = min(a[0] + a[2] for a in answers if a[0] > up and a[1] == 200) - up
        time.sleep(1)
    stop.set()
    t.join()
    during = [a for a in answers if down <= a[0] < up]
    codes = {}
    for a in during:
        codes[str(a[1])] = codes.get(str(a[1]), 0) + 1
    slowest = max((a[2] for a in during), default=0)
    row(f"PostgreSQL stopped {seconds:.0f} s, 16 writers", len(w.acked), lost(w, db),
        w.error_text(), f"{back:.2f} s", f"{s.rss_mb()} MB",
        f"reader every 50 ms while down: {len(during)} answers "
        f"({', '.join(f'{k} {v}' for k, v in sorted(codes.items()))}), slowest {slowest:.1f} s; "
        f"server alive: {s.proc.poll() is None}")
    s.kill(signal.SIGTERM)


def nginx_conf(ports, listen):
    with open(os.path.join(REPO, "deploy", "nginx.conf")) as f:
        site = f.read()
    site = (site.replace("127.0.0.1:3101", f"127.0.0.1:{ports[0]}")
            .replace("127.0.0.1:3102", f"127.0.0.1:{ports[1]}")
            .replace("listen 8080;", f"listen 127.0.0.1:{listen};"))
    conf = os.path.join(WORK, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""daemon off; worker_processes 1; pid {WORK}/nginx.pid;
error_log {WORK}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {WORK}/nginx-body; proxy_temp_path {WORK}/nginx-proxy;
{site} }}
""")
    return conf


def two_servers(cluster):
    db = cluster.fresh("cip_two")
    lb = "http://127.0.0.1:3280"
    # Both servers are the one site people use (its address is the one forms come from).
    a, b = Server(3211, db, CIP_PUBLIC_URL=lb), Server(3212, db, CIP_PUBLIC_URL=lb)
    a.start()
    b.start()
    conf = nginx_conf((3211, 3212), 3280)
    nginx = subprocess.Popen(["nginx", "-c", conf], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    STARTED.append(nginx)
    while status(lb + "/healthz", timeout=1) != 200:
        time.sleep(0.05)
    # Sessions: one login through the balancer, ten pages through it.
    anna = member(lb, "anna")
    knew = sum(1 for _ in range(10) if request(lb + "/me/ideas", opener=anna)[0] == 200)
    # B's anonymous market in its page cache, then an idea published through A.
    request(b.base + "/")
    on_a = member(a.base, "julia")
    title = f"Published through A {time.time():.0f}"
    code, body = request(a.base + "/api/save_idea",
                         {"title": title, "teaser": "Seen on every server.",
                          "description": "Through NOTIFY.", "topics": "Open Data",
                          "sought": "", "maturity": "rough_idea"}, on_a)
    idea = json.loads(body)
    request(a.base + "/api/set_published", {"id": idea, "publish": "true"}, on_a)
    published = time.monotonic()
    while title.encode() not in request(b.base + "/")[1]:
        if time.monotonic() - published > 60:
            break
        time.sleep(0.01)
    seen = time.monotonic() - published
    # 40 wrong logins for one account through the balancer (both servers answer them).
    answers = []
    for _ in range(40):
        answers.append(request(lb + "/api/login",
                               {"email": "mehmet@demo.civic-innovation.invalid",
                                "password": "not his password"})[0])
    wrong = answers.index(429) if 429 in answers else len(answers)
    row("two servers behind nginx", "", "", "0" if knew == 10 else f"{10 - knew} of 10",
        f"{seen:.2f} s", f"{a.rss_mb()}+{b.rss_mb()} MB",
        f"sessions: {knew} of 10 pages knew the member; published on A, on B's market "
        f"after {seen:.2f} s; 40 wrong logins: {wrong} answers before 429")
    # A rolling restart: B stops on SIGTERM under readers through the balancer, starts again.
    results, stop = {}, threading.Event()

    def read():
        while not stop.is_set():
            try:
                code = request(lb + "/", timeout=10)[0]
            except Exception as e:
                code = type(e).__name__
            results[str(code)] = results.get(str(code), 0) + 1

    readers = [threading.Thread(target=read) for _ in range(8)]
    for t in readers:
        t.start()
    time.sleep(1)
    began = time.monotonic()
    b.kill(signal.SIGTERM)
    stopped = time.monotonic() - began
    b.start()
    time.sleep(1)
    stop.set()
    for t in readers:
        t.join()
    failed = sum(v for k, v in results.items() if k != "200")
    row("rolling restart behind nginx", sum(results.values()), "", str(failed),
        f"stopped in {stopped:.2f} s", "",
        f"8 readers through nginx while B stops (SIGTERM) and starts: "
        f"{', '.join(f'{k} {v}' for k, v in sorted(results.items()))}")
    nginx.terminate()
    nginx.wait()
    a.kill(signal.SIGTERM)
    b.kill(signal.SIGTERM)


def sigterm(name, db):
    """In-flight requests finish, an open event stream ends cleanly, the process exits."""
    s = Server(3221, db)
    s.start()
    stream_opener = member(s.base, "anna")
    ended = {}

    def listen():
        try:
            with stream_opener.open(s.base + "/events", timeout=30) as res:
                while res.read(1):
                    pass
            ended["how"] = "closed cleanly"
        except Exception as e:
            ended["how"] = type(e).__name__

    t = threading.Thread(target=listen)
    t.start()
    time.sleep(0.3)
    with Writers(s.base, 16, "sigterm") as w:
        time.sleep(2)
        began = time.monotonic()
        s.kill(signal.SIGTERM)
        took = time.monotonic() - began
        code = s.proc.returncode
    t.join()
    s.start()
    row(f"SIGTERM under 16 writers, {name}", len(w.acked), lost(w, db), w.error_text(),
        f"exit {code} in {took:.2f} s", f"{s.rss_mb()} MB",
        f"event stream {ended.get('how')}; {w.refused} writes refused after the listener "
        f"closed (not acknowledged)")
    s.kill(signal.SIGTERM)


def mixed(seconds):
    db = sqlite_db("mixed")
    s = Server(3231, db)
    s.start()
    idea = first_idea(s.base)
    script = os.path.join(WORK, "paths.lua")
    with open(script, "w") as f:
        f.write('local p = {"/", "/ideas/%s"}\nlocal i = 0\n'
                'request = function() i = i + 1; return wrk.format("GET", p[i %% 2 + 1]) end\n'
                % idea)
    with Writers(s.base, 32, "mixed") as w:
        out = subprocess.run(["wrk", "-t2", "-c128", f"-d{seconds}s", "--latency", "-s", script,
                              s.base], capture_output=True, text=True).stdout
        s.rss_mb()
    rps = next((l.split()[1] for l in out.splitlines() if "Requests/sec" in l), "?")
    p99 = next((l.split()[1] for l in out.splitlines() if l.strip().startswith("99%")), "?")
    bad = next((l.strip() for l in out.splitlines() if "Non-2xx" in l or "Socket errors" in l),
               "0")
    row(f"mixed {seconds} s: wrk 128 conn. + 32 writers, SQLite", len(w.acked), lost(w, db),
        w.error_text(), "", f"{s.rss_mb()} MB", f"reads {rps} req/s, p99 {p99}, read errors {bad}")
    s.kill(signal.SIGTERM)


def small_disk():
    """SQLite on a 24 MiB tmpfs that fills, and then the same file read-only."""
    mnt = os.path.join(WORK, "small")
    os.makedirs(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mnt],
                      capture_output=True).returncode != 0:
        row("full disk / read-only file", note="not run: this machine may not mount a tmpfs")
        return
    try:
        db = f"sqlite://{mnt}/cip.sqlite?mode=rwc"
        s = Server(3241, db)
        s.start()
        # Members logged in before the disk fills (a login is a write, too).
        writers = Writers(s.base, 8, "full")
        page_of_idea = "/ideas/" + first_idea(s.base)
        ballast = os.path.join(mnt, "ballast")
        free = os.statvfs(mnt)
        subprocess.run(["dd", "if=/dev/zero", f"of={ballast}", "bs=64k",
                        f"count={free.f_bavail * free.f_frsize // 65536}"], capture_output=True)
        with writers as w:
            time.sleep(3)
        market = status(s.base + "/")
        page = status(s.base + page_of_idea)
        login = status(s.base + "/api/login", data={
            "email": "anna@demo.civic-innovation.invalid", "password": "demo-password"})
        os.remove(ballast)
        # Space again: the next write is saved, without a restart.
        after = request(s.base + "/api/save_idea", {
            "title": "After the disk was full", "teaser": "Saved.", "description": "Saved.",
            "topics": "Open Data", "sought": "", "maturity": "rough_idea"},
            writers.openers[0], client=writers.client(0))
        if after[0] == 200:
            writers.acked.append(json.loads(after[1]))
        s.kill(signal.SIGTERM)
        row("full disk, SQLite, 8 writers", len(w.acked), lost(w, db), w.error_text(), "",
            f"{s.rss_mb()} MB", f"while full: market {market}, idea page {page}, a login "
            f"{login}; with space again the next write {after[0]}; integrity {integrity(db)}")
        # Read-only: the file system remounted read-only (as root, a file's mode bits do
        # not stop writes; a file system with files open for writing cannot be remounted,
        # so the server starts on it).
        before = ids_in(db)
        subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
        s = Server(3242, db)
        try:
            s.start(wait=False)
            began = time.monotonic()
            try:
                s.wait_ready(limit=20)
                started = "started"
            except RuntimeError as e:
                started = f"refused to start ({e})"
            took = time.monotonic() - began
            said = ""
            with open(os.path.join(WORK, "server-3242.log"), "rb") as f:
                errors = [l for l in f.read().decode(errors="replace").splitlines()
                          if "ERROR" in l]
                if errors:
                    said = re.sub(r"\x1b\[[0-9;]*m", "", errors[-1])[-160:]
            market = page = login = None
            if started == "started":
                market = status(s.base + "/")
                page = status(s.base + page_of_idea)
                login = status(s.base + "/api/login", data={
                    "email": "anna@demo.civic-innovation.invalid", "password": "demo-password"})
            s.kill(signal.SIGTERM)
        finally:
            subprocess.run(["mount", "-o", "remount,rw", mnt], check=True)
        kept = before <= ids_in(db)
        row("read-only file system, SQLite", "", "", "", f"{took:.2f} s", "",
            f"{started}: market {market}, idea page {page}, a login {login}; it said: "
            f"{said!r}; everything written before "
            f"still there: {kept}; integrity {integrity(db)}")
    finally:
        subprocess.run(["umount", "-l", mnt], capture_output=True)


def main():
    only = os.environ.get("FAULTS", "")
    want = lambda name: not only or name in only.split(",")
    cluster = Cluster()
    try:
        if want("kill9"):
            kill9("SQLite", sqlite_db("kill9"))
            kill9("PostgreSQL", cluster.fresh("cip_kill9"))
        if want("stop"):
            database_stopped(cluster)
        if want("two"):
            two_servers(cluster)
        if want("sigterm"):
            sigterm("SQLite", sqlite_db("sigterm"))
            sigterm("PostgreSQL", cluster.fresh("cip_sigterm"))
        if want("disk"):
            small_disk()
        if want("mixed"):
            mixed(int(os.environ.get("FAULTS_MIXED_SECS", "60")))
    finally:
        try:
            cluster.stop()
        except Exception:
            pass
    print()
    print("| scenario | acknowledged | lost | errors | recovery | RSS | notes |")
    print("|---|---|---|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(str(c) for c in r) + " |")
    print(f"\n(logs in {WORK})")


main()
