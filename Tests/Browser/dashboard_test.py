#!/usr/bin/env python3
"""The dashboard in a real browser (issue 14).

Starts `motcua serve --demo` on loopback in a temporary directory, opens the dashboard in headless
Chromium (Debian's `chromium`, driven by Playwright's sync API) and checks, against the same server's
JSON API fetched with urllib, that:

- the tiles, the monthly charts and the tables show the API's values (raw data-value hooks equal within
  1e-12, nulls shown as "—", texts equal to the Vietnamese formatting computed here independently), for
  several periods and bases, for the ranking by agency and for the drill-down tables by procedure and by
  field;
- a click on an agency of the ranking opens its drill-down, whose late list shows dossiers that
  /v1/kpi/late lists; the same URL opened directly shows the same; back and forward work;
- every table's "Tải CSV" link downloads the table's rows (UTF-8 with BOM, raw values);
- an invalid period shows a Vietnamese error in the status region;
- no console error, no page error, no request to another host;
- the Decision 766 score card (issue 17, a reconstruction labelled so) equals /v1/scores: the city's
  (`total`) on the overview and the agency's (its group of `by=agency`) in the drill-down, for several
  periods: every indicator's ratio and points (within 1e-9), each tile's sum, the card's points, the
  Vietnamese names, the indicators outside the log greyed with their Vietnamese reason, "mẫu số bằng 0"
  for a computable indicator with a null ratio; the ranking of agencies by points (highest first, ties
  by code) equals /v1/scores, links to each drill-down and downloads as CSV;
- axe-core finds no violation on the overview and the drill-down, at 1280 px and at 375 px;
- the screenshots (overview, drill-down, late list and score card; desktop and phone; the score ranking
  on desktop) are saved as PNG files.

Usage: python3 Tests/Browser/dashboard_test.py --motcua PATH_TO_BINARY --artifacts DIR
Needs: pip install playwright axe-playwright-python; apt-get install chromium.
Prints one line per check; exits 0 when every check passed, 1 otherwise.
"""

import argparse
import csv
import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from decimal import ROUND_HALF_UP, Decimal

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

TARGET_RATES = ["onTimeRate", "fullyOnlineRate", "resultDigitizationRate", "complaintOnTimeRate", "satisfactionRate"]
GROUP_COUNTS = ["received", "finished", "late", "inProcessLate"]
DOSSIER_STATUS = {
    "processed": "Đã giải quyết", "withdrawn": "Đã rút hồ sơ", "stopped": "Dừng giải quyết",
    "open": "Đang giải quyết", "waiting": "Chờ bổ sung",
}
COMPLAINT_STATUS = {"open": "Đang xử lý", "answered": "Đã trả lời, chưa công khai"}
DASH = "—"
TOLERANCE = 1e-12
# Decision 766 points and ratios (issue 17): the page's raw values against the API's, and the sums of
# tiles recomputed here, within this.
SCORE_TOLERANCE = 1e-9
SCORES_LABEL_WORDS = ["Chỉ số 766", "tái dựng từ nhật ký", "không phải điểm Cổng"]
# (period, basis) of the overview checks; the first one is also the drill-down's and the screenshots'.
OVERVIEWS = [("2025-Q2", "report"), ("2025-03", "report"), ("2025", "report"), ("2025-Q3", "calendar")]
# Periods whose drill-down (tables by procedure and by field, late list) is checked for the same agency.
DRILLDOWNS = [("2025-Q2", "report"), ("2025-03", "report"), ("2025", "report")]
READY_TIMEOUT_MS = 120_000


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


class Mismatches:
    """Collects the differences of one check and fails it with the first few."""

    def __init__(self):
        self.items = []

    def add(self, message):
        self.items.append(message)

    def equal_float(self, what, shown, expected):
        if not floats_equal(shown, expected):
            self.add(f"{what}: page {shown!r}, API {expected!r}")

    def close(self, what, shown, expected, tolerance=SCORE_TOLERANCE):
        """Two numbers or nulls within `tolerance` (the 766 score card's)."""
        if shown is None or expected is None:
            if not (shown is None and expected is None):
                self.add(f"{what}: page {shown!r}, API {expected!r}")
        elif abs(shown - expected) > tolerance:
            self.add(f"{what}: page {shown!r}, API {expected!r}")

    def equal(self, what, shown, expected):
        if shown != expected:
            self.add(f"{what}: page {shown!r}, expected {expected!r}")

    def check(self):
        if self.items:
            more = f" (+{len(self.items) - 5} more)" if len(self.items) > 5 else ""
            raise CheckFailed("; ".join(self.items[:5]) + more)


# ------------------------------------------------------------------------------------------------
# Vietnamese formatting, written independently of the page: two decimals rounded half up on the
# exact value of the double, comma as decimal point, dot as thousands separator, dd/mm/yyyy.


def vn_fixed2(value):
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)).replace(".", ",")


def vn_pct(value):
    return DASH if value is None else vn_fixed2(value * 100) + "%"


def vn_int(value):
    return DASH if value is None else f"{value:,}".replace(",", ".")


def vn_points(delta):
    points = delta * 100
    text = vn_fixed2(abs(points))
    if text == "0,00":
        return "0,00 điểm %"
    return ("+" if points > 0 else "\u2212") + text + " điểm %"


def vn_date(text):
    if text is None:
        return DASH
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) or text.endswith("+07:00"):
        day = text[:10]
    else:
        from datetime import datetime, timedelta, timezone

        instant = datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text).replace("Z", "+00:00"))
        day = instant.astimezone(timezone(timedelta(hours=7))).strftime("%Y-%m-%d")
    return f"{day[8:10]}/{day[5:7]}/{day[0:4]}"


def previous_period(label):
    if m := re.fullmatch(r"(\d{4})", label):
        return str(int(m[1]) - 1)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", label):
        year, quarter = int(m[1]), int(m[2])
        return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", label):
        year, month = int(m[1]), int(m[2])
        return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    if m := re.fullmatch(r"(\d{4})-(H1|H2|9M)", label):
        return f"{int(m[1]) - 1}-{m[2]}"
    return None


def floats_equal(shown, expected):
    if shown is None or expected is None:
        return shown is None and expected is None
    return abs(shown - expected) <= TOLERANCE


def parse_value(text):
    """A data-value attribute: "" is null, otherwise a number."""
    if text is None or text == "":
        return None
    return float(text)


def rate(part, name):
    value = (part.get("rates") or {}).get(name)
    return None if value is None else float(value)


def worst_first(groups, key, name):
    return sorted(groups, key=lambda g: (rate(g, name) is None, rate(g, name) or 0.0, g[key].encode()))


def fraction(counts, name):
    c = counts
    table = {
        "onTimeRate": (c["early"] + c["onTime"], c["finished"]),
        "progressRate": (c["early"] + c["onTime"] + c["inProcessWithinLimit"], c["finished"] + c["inProcess"]),
        "onlineReceptionRate": (c["receivedOnline"], c["received"]),
        "fullyOnlineRate": (c["fullyOnline"], c["fullyOnlineEligible"]),
        "resultDigitizationRate": (c["resultsDigitized"], c["resultsRequired"]),
        "dossierDigitizationRate": (c["componentsDigitized"], c["received"]),
        "complaintOnTimeRate": (
            c["complaintsFinishedOnTime"] + c["complaintsInProcessWithinLimit"],
            c["complaintsFinished"] + c["complaintsInProcess"],
        ),
        "satisfactionRate": (c.get("satisfied"), c.get("rated")),
    }
    return table[name]


# ------------------------------------------------------------------------------------------------
# The server and its API.


class Server:
    def __init__(self, binary, directory):
        self.directory = directory
        self.stderr = open(os.path.join(directory, "server.stderr"), "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--demo", "--db", f"sqlite:{directory}/demo.sqlite", "--host", "127.0.0.1",
             "--port", "0"],
            stdout=subprocess.PIPE, stderr=self.stderr, text=True, bufsize=1)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.base = None

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_listening(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                status = self.process.wait()
                raise CheckFailed(f"the server exited ({status}) before listening: {self.stderr_tail()}")
            if "token" not in line:
                print(f"  server: {line}", flush=True)
            if m := re.search(r"listening on (http://127\.0\.0\.1:\d+)/", line):
                self.base = m[1]
                return self.base
        raise CheckFailed(f"no 'listening on http://127.0.0.1:PORT/' line within {timeout} s")

    def stderr_tail(self, lines=8):
        self.stderr.flush()
        with open(self.stderr.name, encoding="utf-8", errors="replace") as file:
            return " | ".join(file.read().splitlines()[-lines:])

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self.stderr.close()
                raise CheckFailed("the server did not stop within 30 s of SIGTERM (killed)")
        self.stderr.close()
        return self.process.returncode


class Api:
    def __init__(self, base):
        self.base = base
        self.cache = {}

    def url(self, path, **params):
        query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        return self.base + path + ("?" + query if query else "")

    def get(self, path, **params):
        url = self.url(path, **params)
        if url not in self.cache:
            try:
                with urllib.request.urlopen(url, timeout=300) as response:
                    self.cache[url] = json.load(response)
            except urllib.error.HTTPError as error:
                body = error.read().decode("utf-8", "replace")
                raise CheckFailed(f"GET {url}: {error.code} {body[:300]}") from None
        return self.cache[url]


# ------------------------------------------------------------------------------------------------
# What the page shows, read through its hooks.

SNAPSHOT_JS = """
() => {
  const text = (node) => node ? node.textContent.replace(/\\s+/g, " ").trim() : null;
  const main = document.getElementById("content");
  return {
    state: main.dataset.state, view: main.dataset.view, agency: main.dataset.agency,
    status: text(document.getElementById("status")),
    title: text(main.querySelector("h2.view-title")),
    backLinks: [...main.querySelectorAll("p.back a")].map((a) => a.getAttribute("href")),
    tiles: [...main.querySelectorAll("section.tile")].map((tile) => ({
      rate: tile.dataset.rate, value: tile.dataset.value, target: tile.dataset.target, met: tile.dataset.met,
      hasDelta: "delta" in tile.dataset, delta: tile.dataset.delta === undefined ? null : tile.dataset.delta,
      valueText: text(tile.querySelector(".tile-value")), targetText: text(tile.querySelector(".tile-target")),
      metText: text(tile.querySelector(".tile-met")), deltaText: text(tile.querySelector(".tile-delta")),
      label: text(tile.querySelector("h4")),
    })),
    charts: [...main.querySelectorAll("svg.chart")].map((chart) => ({
      rate: chart.dataset.rate, year: chart.dataset.year, agency: chart.dataset.agency,
      title: text(chart.querySelector("title")), desc: text(chart.querySelector("desc")),
      target: chart.querySelector("line.target") ? chart.querySelector("line.target").dataset.value : null,
      points: [...chart.querySelectorAll("circle.point")].map((c) => ({ month: c.dataset.month, value: c.dataset.value })),
      monthLabels: [...chart.querySelectorAll("g.axis text.tick")].map((t) => t.textContent),
    })),
    tables: Object.fromEntries([...main.querySelectorAll("table[data-table]")].map((table) => [table.dataset.table, {
      caption: text(table.caption),
      headers: [...table.tHead.rows[0].cells].map((th) => ({ text: text(th), scope: th.getAttribute("scope") })),
      rows: [...table.tBodies[0].rows].filter((row) => Object.keys(row.dataset).length > 0).map((row) => ({
        data: { ...row.dataset },
        link: row.querySelector("a") ? { text: text(row.querySelector("a")), href: row.querySelector("a").getAttribute("href") } : null,
        cells: Object.fromEntries([...row.querySelectorAll("[data-col]")].map((cell) => [cell.dataset.col, {
          value: cell.dataset.value === undefined ? null : cell.dataset.value, text: text(cell),
          tag: cell.tagName.toLowerCase(), scope: cell.getAttribute("scope"),
          name: cell.firstChild && cell.firstChild.nodeType === Node.TEXT_NODE ? cell.firstChild.textContent.trim()
            : (cell.querySelector("a") ? text(cell.querySelector("a")) : null),
        }])),
      })),
      emptyRow: table.tBodies[0].querySelector("tr.empty") !== null,
      csv: document.querySelector('a.csv[data-table="' + table.dataset.table + '"]') !== null,
    }])),
    scores: (() => {
      const card = main.querySelector("#scores766");
      if (!card) return null;
      const summary = card.querySelector(".score-summary");
      const rank = card.querySelector(".score-rank");
      const look = (node) => { const style = getComputedStyle(node); return style.color + " on " + style.backgroundColor; };
      return {
        heading: text(card.querySelector("h3")),
        none: card.querySelector(".score-none") !== null,
        summary: summary ? {
          points: summary.dataset.scoresPoints === undefined ? null : summary.dataset.scoresPoints,
          computableMax: summary.dataset.computableMax, max: summary.dataset.max, label: summary.dataset.label,
          pointsText: text(summary.querySelector(".score-total-value")), text: text(summary),
          rank: rank ? rank.dataset.scoreRank : null, rankText: text(rank),
        } : null,
        tiles: [...card.querySelectorAll("section.score-tile")].map((tile) => ({
          tile: tile.dataset.tile, points: tile.dataset.points === undefined ? null : tile.dataset.points,
          max: tile.dataset.max, outside: tile.classList.contains("is-outside"),
          label: text(tile.querySelector("h4")), valueText: text(tile.querySelector(".score-tile-value")),
          indicators: [...tile.querySelectorAll("li.indicator")].map((item) => ({
            indicator: item.dataset.indicator,
            ratio: item.dataset.ratio === undefined ? null : item.dataset.ratio,
            points: item.dataset.points === undefined ? null : item.dataset.points,
            max: item.dataset.max, computable: item.dataset.computable,
            outside: item.classList.contains("is-outside"), look: look(item),
            name: text(item.querySelector(".indicator-name")), ratioText: text(item.querySelector(".indicator-ratio")),
            pointsText: text(item.querySelector(".indicator-points")), note: text(item.querySelector(".indicator-note")),
          })),
        })),
      };
    })(),
  };
}
"""


def wait_ready(page, agency=""):
    page.wait_for_function(
        "(agency) => { const m = document.getElementById('content');"
        " return m && m.dataset.state !== 'loading' && m.dataset.agency === agency; }",
        arg=agency, timeout=READY_TIMEOUT_MS)
    snapshot = page.evaluate(SNAPSHOT_JS)
    expect(snapshot["state"] == "ready",
           f"the page is in state {snapshot['state']!r}, status {snapshot['status']!r}")
    return snapshot


def view_url(base, period, basis, agency=None, rank=None):
    query = {"period": period, "basis": basis}
    if agency:
        query["agency"] = agency
    if rank:
        query["rank"] = rank
    return base + "/?" + urllib.parse.urlencode(query)


def query_of(url):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


# ------------------------------------------------------------------------------------------------
# Comparisons of a snapshot with the API.


def compare_tiles(m, snapshot, report, previous, previous_label):
    tiles = {tile["rate"]: tile for tile in snapshot["tiles"]}
    m.equal("tile rates", sorted(tiles), sorted(TARGET_RATES))
    total = report["total"]
    for name in TARGET_RATES:
        tile = tiles.get(name)
        if tile is None:
            continue
        expected = rate(total, name)
        m.equal_float(f"tile {name} data-value", parse_value(tile["value"]), expected)
        m.equal(f"tile {name} text", tile["valueText"], vn_pct(expected))
        target = (total.get("targets") or {}).get(name)
        if target is None:
            m.add(f"API total.targets has no {name}")
            continue
        m.equal_float(f"tile {name} data-target", parse_value(tile["target"]), float(target["target"]))
        expected_target_text = "Chỉ tiêu: " + vn_pct(float(target["target"]))
        if not (tile["targetText"] or "").startswith(expected_target_text):
            m.add(f"tile {name} target text {tile['targetText']!r}, expected {expected_target_text!r}…")
        met = target["met"]
        m.equal(f"tile {name} data-met", tile["met"], "" if met is None else ("true" if met else "false"))
        m.equal(f"tile {name} met text", tile["metText"],
                "✓ Đạt chỉ tiêu" if met is True else "✗ Chưa đạt chỉ tiêu" if met is False else "Chưa có số liệu")
        if expected is not None and met is not None and (expected >= float(target["target"])) != met:
            m.add(f"API total.targets.{name}.met={met} but rate {expected} vs target {target['target']}")
        if previous_label is None:
            m.equal(f"tile {name} has a delta", tile["hasDelta"], False)
            continue
        before = rate(previous["total"], name)
        delta = None if expected is None or before is None else expected - before
        m.equal_float(f"tile {name} data-delta", parse_value(tile["delta"]), delta)
        if delta is None:
            if not (tile["deltaText"] or "").startswith("Không so sánh được"):
                m.add(f"tile {name} delta text {tile['deltaText']!r} for a null change")
        elif not (tile["deltaText"] or "").startswith(vn_points(delta) + " so với "):
            m.add(f"tile {name} delta text {tile['deltaText']!r}, expected {vn_points(delta)!r} so với …")


def compare_charts(m, snapshot, series, report, agency):
    charts = {chart["rate"]: chart for chart in snapshot["charts"]}
    m.equal("chart rates", sorted(charts), sorted(TARGET_RATES))
    months = [r["period"]["label"] for r in series["reports"]]
    for name in TARGET_RATES:
        chart = charts.get(name)
        if chart is None:
            continue
        m.equal(f"chart {name} agency", chart["agency"], agency or "")
        if not chart["title"] or not chart["desc"]:
            m.add(f"chart {name} lacks <title> or <desc>")
        expected = {r["period"]["label"]: rate(r["total"], name) for r in series["reports"]}
        shown = {}
        for point in chart["points"]:
            if point["month"] in shown:
                m.add(f"chart {name}: two points for {point['month']}")
            shown[point["month"]] = parse_value(point["value"])
        for month in months:
            if expected[month] is None:
                if month in shown:
                    m.add(f"chart {name} {month}: a point {shown[month]} for a null month")
            elif month not in shown:
                m.add(f"chart {name} {month}: no point, API {expected[month]}")
            else:
                m.equal_float(f"chart {name} {month}", shown[month], expected[month])
        for month in shown:
            if month not in expected:
                m.add(f"chart {name}: point for {month}, not in the series")
        month_labels = [str(int(label[5:7])) for label in months]
        m.equal(f"chart {name} month labels", chart["monthLabels"][:len(month_labels)], month_labels)
        target = ((report["total"].get("targets") or {}).get(name) or {}).get("target")
        m.equal_float(f"chart {name} target line", parse_value(chart["target"]),
                      None if target is None else float(target))


def compare_group_table(m, table, groups, key, names, rank_rate, rates, with_fraction):
    """A table of groups (ranking by agency, procedures or fields) against the API's groups."""
    if table is None:
        m.add(f"no table for {key}")
        return
    for header in table["headers"]:
        if header["scope"] != "col":
            m.add(f"{key} table: column header {header['text']!r} without scope=col")
    expected = worst_first(groups, key, rank_rate)
    shown = [row["data"].get(key) for row in table["rows"]]
    m.equal(f"{key} rows (worst {rank_rate} first)", shown, [g[key] for g in expected])
    if not table["csv"]:
        m.add(f"{key} table has no 'Tải CSV' link")
    rows = {row["data"].get(key): row for row in table["rows"]}
    for group in expected:
        row = rows.get(group[key])
        if row is None:
            continue
        code = group[key]
        key_cell = row["cells"].get(key)
        if not key_cell or key_cell["tag"] != "th" or key_cell["scope"] != "row":
            m.add(f"{key} {code}: its {key} cell is not a th scope=row")
        m.equal_float(f"{key} {code} row data-value", parse_value(row["data"].get("value")), rate(group, rank_rate))
        for name in rates:
            cell = row["cells"].get(name)
            if cell is None:
                m.add(f"{key} {code}: no {name} cell")
                continue
            m.equal_float(f"{key} {code} {name}", parse_value(cell["value"]), rate(group, name))
            m.equal(f"{key} {code} {name} text", cell["text"], vn_pct(rate(group, name)))
        for name in GROUP_COUNTS:
            cell = row["cells"].get(name)
            value = group["counts"][name]
            if cell is None:
                m.add(f"{key} {code}: no {name} cell")
                continue
            m.equal(f"{key} {code} {name}", parse_value(cell["value"]), float(value))
            m.equal(f"{key} {code} {name} text", cell["text"], vn_int(value))
        if with_fraction:
            num, den = fraction(group["counts"], rank_rate)
            for column, value in (("numerator", num), ("denominator", den)):
                cell = row["cells"].get(column)
                if cell is None:
                    m.add(f"{key} {code}: no {column} cell")
                    continue
                m.equal(f"{key} {code} {column}", parse_value(cell["value"]), None if value is None else float(value))
                m.equal(f"{key} {code} {column} text", cell["text"], vn_int(value))
        if names is not None:
            name = names.get(code, code)
            key_cell = row["cells"].get(key)
            shown_name = key_cell["name"] if key_cell else None
            m.equal(f"{key} {code} name", shown_name, name)


def compare_late(m, snapshot, late, agencies, procedures):
    table = snapshot["tables"].get("late")
    if table is None:
        m.add("no late table")
        return
    items = late["dossiers"]["items"]
    days = [item["daysLate"] for item in items]
    m.equal("API late dossiers, most days late first", days, sorted(days, reverse=True))
    for item in items:
        if item["overdue"] != (item["endedAt"] is None) or (item["overdue"] and item["status"] not in ("open", "waiting")):
            m.add(f"API late dossier {item['dossier']}: overdue={item['overdue']} with status {item['status']} "
                  f"and endedAt {item['endedAt']}")
    m.equal("late dossiers (API order)", [row["data"].get("dossier") for row in table["rows"]],
            [item["dossier"] for item in items])
    if str(vn_int(late["dossiers"]["total"])) not in (table["caption"] or ""):
        m.add(f"late caption {table['caption']!r} does not give the total {late['dossiers']['total']}")
    rows = {row["data"].get("dossier"): row for row in table["rows"]}
    for item in items:
        row = rows.get(item["dossier"])
        if row is None:
            continue
        cells = row["cells"]
        code = item["dossier"]
        for key in ("daysLate", "apologies", "supplements"):
            cell = cells.get(key)
            if cell is None:
                m.add(f"late {code}: no {key} cell")
                continue
            m.equal(f"late {code} {key}", parse_value(cell["value"]), float(item[key]))
            m.equal(f"late {code} {key} text", cell["text"], vn_int(item[key]))
        for key in ("receivedAt", "due"):
            cell = cells.get(key)
            m.equal(f"late {code} {key}", cell and cell["text"], vn_date(item[key]))
        ended = cells.get("endedAt")
        m.equal(f"late {code} endedAt", ended and ended["text"],
                vn_date(item["endedAt"]) if item["endedAt"] else "Chưa kết thúc")
        status = cells.get("status")
        m.equal(f"late {code} status", status and status["value"], item["status"])
        m.equal(f"late {code} status text", status and status["text"],
                DOSSIER_STATUS[item["status"]] + (" (đang quá hạn)" if item["overdue"] else ""))
        holder = cells.get("agency")
        m.equal(f"late {code} holder", holder and holder["text"], agencies.get(item["agency"], item["agency"]))
        procedure = cells.get("procedure")
        m.equal(f"late {code} procedure", procedure and procedure["value"], item["procedure"])
        m.equal(f"late {code} procedure name", procedure and procedure["name"],
                procedures.get(item["procedure"], item["procedure"]))
    complaints = snapshot["tables"].get("complaints")
    if complaints is None:
        m.add("no complaints table")
        return
    items = late["complaints"]["items"]
    m.equal("complaints past their limit", [row["data"].get("complaint") for row in complaints["rows"]],
            [item["complaint"] for item in items])
    rows = {row["data"].get("complaint"): row for row in complaints["rows"]}
    for item in items:
        row = rows.get(item["complaint"])
        if row is None:
            continue
        cells = row["cells"]
        m.equal(f"complaint {item['complaint']} daysLate", parse_value(cells["daysLate"]["value"]), float(item["daysLate"]))
        m.equal(f"complaint {item['complaint']} deadline", cells["deadline"]["text"], vn_date(item["deadline"]))
        m.equal(f"complaint {item['complaint']} status", cells["status"]["text"], COMPLAINT_STATUS[item["status"]])


# ------------------------------------------------------------------------------------------------
# The Decision 766 score card (issue 17), against /v1/scores.

INDICATOR_ORDER = ["1.1", "1.2", "1.3", "1.4", "2.1", "3.1", "3.2", "3.3", "3.5", "3.6", "4.1", "4.2", "4.3",
                   "4.4", "4.5", "5.2", "5.3", "5.4"]


def score_number(value):
    """An API number or a page's raw data attribute ("" is null) as a float or None."""
    return None if value is None or value == "" else float(value)


def vn_score(value):
    return DASH if value is None else vn_fixed2(value)


def computable(indicator):
    return "reason" not in indicator


def tile_sum(card, tile):
    """A tile's points: its indicators' non-null points summed from 0 in the tile's order; None when none of
    its indicators is computable (a tile wholly outside the log is not a 0)."""
    indicators = [card["indicators"][key] for key in tile["indicators"]]
    if not any(computable(indicator) for indicator in indicators):
        return None
    total = 0.0
    for indicator in indicators:
        if indicator["points"] is not None:
            total += float(indicator["points"])
    return total


def check_scores_answer(m, answer, where):
    """The /v1/scores answer itself: six tiles covering the 18 indicators once, names and reasons in
    Vietnamese for them, and every card's sums (computed here from DOMAIN.md §7)."""
    tiles = answer.get("tiles") or []
    m.equal(f"{where}: tiles", [tile["tile"] for tile in tiles], ["1", "2", "3", "4", "5", "6"])
    m.equal(f"{where}: tiles' maxima", [tile["max"] for tile in tiles], [18, 20, 12, 10, 22, 18])
    covered = [key for tile in tiles for key in tile["indicators"]]
    m.equal(f"{where}: indicators of the tiles", sorted(covered), sorted(INDICATOR_ORDER))
    names, reasons = answer.get("names") or {}, answer.get("reasons") or {}
    m.equal(f"{where}: names", sorted(names), sorted(INDICATOR_ORDER))
    cards = [("total", answer["total"]["scores766"])] + [(g.get("agency"), g["scores766"]) for g in answer["groups"]]
    for name, card in cards:
        m.equal(f"{where} {name}: label", card.get("label"), "reconstruction")
        m.equal(f"{where} {name}: indicators (order)", list(card["indicators"]), INDICATOR_ORDER)
        m.equal(f"{where} {name}: computableMax, max", (card.get("computableMax"), card.get("max")), (56, 100))
        total, computable_max, maximum = 0.0, 0, 0
        for key in INDICATOR_ORDER:
            indicator = card["indicators"].get(key)
            if indicator is None:
                continue
            maximum += indicator["max"]
            if computable(indicator):
                computable_max += indicator["max"]
            else:
                if indicator["ratio"] is not None or indicator["points"] is not None:
                    m.add(f"{where} {name} {key}: outside the log but ratio/points {indicator}")
                if not reasons.get(key):
                    m.add(f"{where}: no Vietnamese reason for {key}")
            if indicator["points"] is not None:
                total += float(indicator["points"])
        m.close(f"{where} {name}: points = sum of the indicators'", float(card["points"]), total)
        m.equal(f"{where} {name}: computable maxima", (computable_max, maximum), (56, 100))
        for tile in tiles:
            expected_max = sum(card["indicators"][key]["max"] for key in tile["indicators"] if key in card["indicators"])
            if expected_max != tile["max"]:
                m.add(f"{where}: tile {tile['tile']} max {tile['max']} but its indicators' {expected_max}")
        if len(m.items) > 20:
            break


def compare_scores(m, shown, answer, card, where, rank=None, seen=None):
    """A score card on the page (snapshot["scores"]) against a scores766 object of /v1/scores. `seen`
    collects the kinds of indicators compared ("outside", "empty", "empty with points", "ratio")."""
    seen = set() if seen is None else seen
    if shown is None:
        m.add(f"{where}: no section#scores766")
        return
    heading = shown["heading"] or ""
    for words in SCORES_LABEL_WORDS:
        if words not in heading:
            m.add(f"{where}: the heading {heading!r} does not say {words!r}")
    summary = shown["summary"]
    if summary is None:
        m.add(f"{where}: no .score-summary")
        return
    m.close(f"{where}: card points", score_number(summary["points"]), float(card["points"]))
    m.equal(f"{where}: card points text", summary["pointsText"], vn_score(float(card["points"])))
    m.equal(f"{where}: card computableMax", summary["computableMax"], str(card["computableMax"]))
    m.equal(f"{where}: card max", summary["max"], str(card["max"]))
    m.equal(f"{where}: card label", summary["label"], card["label"])
    if f"/ {card['computableMax']} điểm" not in (summary["text"] or "") or f"{card['max']} điểm" not in (summary["text"] or ""):
        m.add(f"{where}: the summary {summary['text']!r} does not give /{card['computableMax']} and the scale {card['max']}")
    if rank is not None:
        m.equal(f"{where}: rank", summary["rank"], str(rank))
    names, reasons = answer["names"], answer["reasons"]
    tiles = answer["tiles"]
    m.equal(f"{where}: tiles (order)", [tile["tile"] for tile in shown["tiles"]], [tile["tile"] for tile in tiles])
    looks = {"in": set(), "out": set()}
    for tile, page_tile in zip(tiles, shown["tiles"]):
        number = tile["tile"]
        expected = tile_sum(card, tile)
        m.close(f"{where} tile {number} points", score_number(page_tile["points"]), expected)
        m.equal(f"{where} tile {number} max", page_tile["max"], str(tile["max"]))
        m.equal(f"{where} tile {number} label", page_tile["label"], f"{number}. {tile['name']}")
        m.equal(f"{where} tile {number} text", page_tile["valueText"], f"{vn_score(expected)} / {tile['max']} điểm")
        m.equal(f"{where} tile {number} greyed", page_tile["outside"], expected is None)
        m.equal(f"{where} tile {number} indicators", [item["indicator"] for item in page_tile["indicators"]],
                tile["indicators"])
        for key, item in zip(tile["indicators"], page_tile["indicators"]):
            indicator = card["indicators"][key]
            ratio = score_number(indicator["ratio"])
            points = score_number(indicator["points"])
            is_computable = computable(indicator)
            m.close(f"{where} {key} ratio", score_number(item["ratio"]), ratio)
            m.close(f"{where} {key} points", score_number(item["points"]), points)
            m.equal(f"{where} {key} max", item["max"], str(indicator["max"]))
            m.equal(f"{where} {key} computable", item["computable"], "true" if is_computable else "false")
            m.equal(f"{where} {key} name", item["name"], f"{key} {names[key]}")
            m.equal(f"{where} {key} ratio text", item["ratioText"], vn_pct(ratio))
            m.equal(f"{where} {key} points text", item["pointsText"], f"{vn_score(points)} / {indicator['max']} điểm")
            m.equal(f"{where} {key} greyed", item["outside"], not is_computable)
            if not is_computable:
                m.equal(f"{where} {key} reason", item["note"], f"Ngoài nhật ký: {reasons[key]}.")
                looks["out"].add(item["look"])
                seen.add("outside")
            elif ratio is None:
                if not (item["note"] or "").startswith("mẫu số bằng 0"):
                    m.add(f"{where} {key}: null ratio without 'mẫu số bằng 0' ({item['note']!r})")
                seen.add("empty" if points is None else "empty with points")
            else:
                m.equal(f"{where} {key} note", item["note"], None)
                looks["in"].add(item["look"])
                seen.add("ratio")
    if looks["in"] & looks["out"]:
        m.add(f"{where}: indicators outside the log look like the others ({looks['in'] & looks['out']})")


def score_ranked(groups):
    """Highest points first, ties by code; the rank is shared by equal points."""
    ordered = sorted(groups, key=lambda g: (-float(g["scores766"]["points"]), g["agency"].encode()))
    ranks, previous = [], None
    for position, group in enumerate(ordered, 1):
        points = float(group["scores766"]["points"])
        ranks.append(position if points != previous else ranks[-1])
        previous = points
    return ordered, ranks


def compare_score_ranking(m, table, answer, names):
    if table is None:
        m.add("no score-ranking table")
        return
    if not table["csv"]:
        m.add("the score-ranking table has no 'Tải CSV' link")
    for header in table["headers"]:
        if header["scope"] != "col":
            m.add(f"score-ranking: column header {header['text']!r} without scope=col")
    ordered, ranks = score_ranked(answer["groups"])
    m.equal("score-ranking rows (highest points first, ties by code)",
            [row["data"].get("agency") for row in table["rows"]], [g["agency"] for g in ordered])
    rows = {row["data"].get("agency"): row for row in table["rows"]}
    tiles = answer["tiles"]
    for group, rank in zip(ordered, ranks):
        code, card = group["agency"], group["scores766"]
        row = rows.get(code)
        if row is None:
            continue
        m.close(f"score-ranking {code} data-value", score_number(row["data"].get("value")), float(card["points"]))
        m.equal(f"score-ranking {code} data-rank", row["data"].get("rank"), str(rank))
        cells = row["cells"]
        cell = cells.get("points")
        if cell is None:
            m.add(f"score-ranking {code}: no points cell")
        else:
            m.close(f"score-ranking {code} points", score_number(cell["value"]), float(card["points"]))
            m.equal(f"score-ranking {code} points text", cell["text"], vn_score(float(card["points"])))
        for tile in tiles:
            expected = tile_sum(card, tile)
            cell = cells.get(f"tile-{tile['tile']}")
            if expected is None:
                continue
            if cell is None:
                m.add(f"score-ranking {code}: no tile-{tile['tile']} cell")
                continue
            m.close(f"score-ranking {code} tile {tile['tile']}", score_number(cell["value"]), expected)
            m.equal(f"score-ranking {code} tile {tile['tile']} text", cell["text"], vn_score(expected))
        key_cell = cells.get("agency")
        if not key_cell or key_cell["tag"] != "th" or key_cell["scope"] != "row":
            m.add(f"score-ranking {code}: its agency cell is not a th scope=row")
        m.equal(f"score-ranking {code} name", key_cell and key_cell["name"], names.get(code, code))
        link = row["link"]
        if not link or query_of(link["href"]).get("agency") != code:
            m.add(f"score-ranking {code}: no link to its drill-down ({link})")


# ------------------------------------------------------------------------------------------------
# The test.


class Run:
    def __init__(self, arguments):
        self.arguments = arguments
        self.results = []
        self.console_errors = []
        self.foreign_requests = []
        self.requests = 0
        self.screenshots = []
        self.score_kinds = set()
        os.makedirs(arguments.artifacts, exist_ok=True)

    def check(self, name, function, *args):
        started = time.monotonic()
        try:
            value = function(*args)
        except CheckFailed as failure:
            self.results.append((name, False, str(failure)))
            print(f"FAIL {name}: {failure}", flush=True)
            return None
        except Exception as error:  # a crash of the check is its failure, with the traceback
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            self.results.append((name, False, detail))
            print(f"FAIL {name}: {detail}", flush=True)
            traceback.print_exc()
            return None
        self.results.append((name, True, ""))
        print(f"PASS {name} ({time.monotonic() - started:.1f} s)", flush=True)
        return value

    def watch(self, context, host, label):
        """Records console errors, page errors and requests to other hosts of every page of a context."""

        def on_console(message):
            if message.type == "error":
                self.console_errors.append(f"[{label}] console error: {message.text} ({message.location})")

        def on_page_error(error):
            self.console_errors.append(f"[{label}] page error: {error}")

        def on_request(request):
            self.requests += 1
            url = request.url
            parts = urllib.parse.urlsplit(url)
            if parts.scheme == "blob":
                parts = urllib.parse.urlsplit(url[len("blob:"):])
            if parts.scheme == "data":
                return
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                self.foreign_requests.append(f"[{label}] {request.method} {url}")

        def on_page(page):
            page.on("console", on_console)
            page.on("pageerror", on_page_error)

        context.on("page", on_page)
        context.on("request", on_request)

    def screenshot(self, page, name, selector=None):
        path = os.path.join(self.arguments.artifacts, name)
        if selector:
            page.locator(selector).screenshot(path=path)
        else:
            page.screenshot(path=path, full_page=True)
        self.screenshots.append(path)

    def axe(self, page, what):
        results = Axe().run(page)
        violations = results.response["violations"]
        if violations:
            lines = []
            for violation in violations:
                targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"][:5]]
                lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
            raise CheckFailed(f"axe found {len(violations)} violation(s) on {what}: " + " | ".join(lines))

    def main(self):
        directory = tempfile.mkdtemp(prefix="motcua-dashboard-")
        server = None
        try:
            server = Server(self.arguments.motcua, directory)
            base = self.check("server: serve --demo listens", server.wait_listening, 180)
            if base:
                self.api = Api(base)
                self.base = base
                self.host = urllib.parse.urlsplit(base).netloc
                self.browser_checks()
        finally:
            if server is not None:
                self.check("server: stops on SIGTERM", lambda: expect(server.stop() is not None, "no exit status"))
                shutil.copyfile(server.stderr.name, os.path.join(self.arguments.artifacts, "server.stderr"))
            shutil.rmtree(directory, ignore_errors=True)
        self.check("screenshots: saved, non-empty PNG files", self.check_screenshots)
        failed = [name for name, passed, _ in self.results if not passed]
        print(f"{len(self.results) - len(failed)}/{len(self.results)} checks passed", flush=True)
        if failed:
            print("FAILED: " + "; ".join(failed), flush=True)
            return 1
        return 0

    def browser_checks(self):
        with sync_playwright() as playwright:
            executable = shutil.which("chromium") or "/usr/bin/chromium"
            browser = self.check("browser: headless Chromium starts",
                                 lambda: playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"]))
            if browser is None:
                return
            try:
                self.scenario(browser)
            finally:
                browser.close()

    def scenario(self, browser):
        self.check("api: /v1/catalogue answers agencies and procedures", self.load_catalogue)
        desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                      timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True)
        self.watch(desktop, self.host, "desktop")
        page = desktop.new_page()

        # The overview for several periods and bases: tiles, charts and the ranking equal the API's.
        for period, basis in OVERVIEWS:
            self.check(f"overview {period} {basis}: tiles, charts and ranking equal the API",
                       self.check_overview, page, period, basis)
            self.check(f"api {period} {basis}: a series month equals /v1/kpi of that month",
                       self.check_series_month, period, basis)

        self.check("default view: without a query, the current report-basis quarter", self.check_default_view, page)
        period, basis = OVERVIEWS[0]
        self.check(f"overview {period}: axe finds no violation (1280 px)", self.open_and_axe, page,
                   view_url(self.base, period, basis), "", "overview 1280 px")
        self.check("screenshot: overview, desktop", self.screenshot, page, "overview-desktop.png")
        self.check(f"overview {period}: ranking CSV equals the API", self.check_ranking_csv, page, period, basis)
        self.check(f"overview {period}: ranking by another rate, then back", self.check_rank_change,
                   page, period, basis)
        self.check(f"overview {period}: score ranking (766) CSV equals /v1/scores", self.check_score_ranking_csv,
                   page, period, basis)
        self.check("screenshot: score card (766), city, desktop", self.open_and_screenshot, page,
                   view_url(self.base, period, basis), "", "scores-desktop.png", "#scores766")
        self.check("screenshot: score ranking (766), desktop", self.screenshot, page, "score-ranking-desktop.png",
                   'section.block:has(table[data-table="score-ranking"])')
        for other_period, other_basis in DRILLDOWNS[:2]:
            self.check(f"overview {other_period} {other_basis}: a click on the highest 766 score opens that agency's "
                       "card, equal to /v1/scores", self.click_score_agency, page, other_period, other_basis)

        agency = self.check(f"overview {period}: a click on an agency opens its drill-down", self.click_agency,
                            page, period, basis)
        if agency:
            self.check(f"drill-down {agency} {period}: tiles, charts, procedures, fields, late list equal the API",
                       self.check_drilldown, page, period, basis, agency)
            self.check(f"drill-down {agency} {period}: the late list shows a dossier of /v1/kpi/late",
                       self.check_late_dossier_shown, page, period, basis, agency)
            self.check(f"drill-down {agency}: axe finds no violation (1280 px)", self.axe, page, "drill-down 1280 px")
            self.check("screenshot: drill-down, desktop", self.screenshot, page, "agency-desktop.png")
            self.check("screenshot: late list, desktop", self.screenshot, page, "late-desktop.png", "#late")
            self.check("screenshot: score card (766), agency, desktop", self.screenshot, page,
                       "scores-agency-desktop.png", "#scores766")
            self.check(f"drill-down {agency}: late list CSV equals the API", self.check_late_csv,
                       page, period, basis, agency)
            self.check("history: back to the overview, forward to the drill-down", self.check_history,
                       page, agency)
            direct = desktop.new_page()
            self.check(f"drill-down {agency} {period}: the URL opened directly in a new page shows the same",
                       self.check_direct, direct, period, basis, agency)
            for other_period, other_basis in DRILLDOWNS[1:]:
                self.check(f"drill-down {agency} {other_period} {other_basis}: tables by procedure and field, "
                           "late list equal the API",
                           self.check_drilldown_direct, direct, other_period, other_basis, agency)
            direct.close()

        phone = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=1, is_mobile=True,
                                    has_touch=True, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        self.watch(phone, self.host, "phone")
        small = phone.new_page()
        self.check(f"overview {period}: axe finds no violation (375 px)", self.open_and_axe, small,
                   view_url(self.base, period, basis), "", "overview 375 px")
        self.check("overview at 375 px: no horizontal scrolling of the page", self.check_no_overflow, small)
        self.check("screenshot: overview, phone", self.screenshot, small, "overview-phone.png")
        self.check("screenshot: score card (766), city, phone", self.screenshot, small, "scores-phone.png", "#scores766")
        if agency:
            self.check(f"drill-down {agency}: axe finds no violation (375 px)", self.open_and_axe, small,
                       view_url(self.base, period, basis, agency), agency, "drill-down 375 px")
            self.check("drill-down at 375 px: no horizontal scrolling of the page", self.check_no_overflow, small)
            self.check("screenshot: drill-down, phone", self.screenshot, small, "agency-phone.png")
            self.check("screenshot: late list, phone", self.screenshot, small, "late-phone.png", "#late")
            self.check("screenshot: score card (766), agency, phone", self.screenshot, small,
                       "scores-agency-phone.png", "#scores766")

        # An invalid period: a Vietnamese error in the status region (its 400 is expected in the console,
        # so this page is watched for hosts only).
        errors = browser.new_context(viewport={"width": 1280, "height": 900})
        errors.on("request", lambda request: self.note_request(request, "error page"))
        self.check("error state: an invalid period shows a Vietnamese error", self.check_error_state,
                   errors.new_page())
        self.check("token: sent as a Bearer header, a refused one shows a Vietnamese error", self.check_token,
                   errors.new_page())
        errors.close()

        self.check("766 score cards: the compared cards had a ratio, an indicator outside the log and a computable "
                   "null ratio with and without points", self.check_score_kinds)
        self.check("no console error and no page error", self.check_console)
        self.check("every request goes to the server's own host and port", self.check_hosts)
        desktop.close()
        phone.close()

    # --- the checks ---------------------------------------------------------------------------

    def load_catalogue(self):
        catalogue = self.api.get("/v1/catalogue")
        expect(catalogue.get("agencies") and catalogue.get("procedures"), "empty catalogue")
        self.agency_names = {a["agency"]: a["name"] for a in catalogue["agencies"]}
        self.procedure_names = {p["procedure"]: p["name"] for p in catalogue["procedures"]}
        return catalogue

    def names(self, kind):
        return getattr(self, kind, {})

    def check_overview(self, page, period, basis):
        page.goto(view_url(self.base, period, basis))
        snapshot = wait_ready(page)
        report = self.api.get("/v1/kpi", period=period, basis=basis, by="agency")
        previous_label = previous_period(period)
        previous = self.api.get("/v1/kpi", period=previous_label, basis=basis) if previous_label else None
        year = period[:4]
        series = self.api.get("/v1/kpi/series", **{"from": f"{year}-01", "to": f"{year}-12", "basis": basis})
        m = Mismatches()
        m.equal("view", snapshot["view"], "overview")
        m.equal("series months", len(series["reports"]), 12)
        compare_tiles(m, snapshot, report, previous, previous_label)
        compare_charts(m, snapshot, series, report, None)
        compare_group_table(m, snapshot["tables"].get("ranking"), report["groups"], "agency",
                            self.names("agency_names"), "onTimeRate", ["onTimeRate"], True)
        ranking = snapshot["tables"].get("ranking")
        if ranking:
            for row in ranking["rows"]:
                link = row["link"]
                if not link or query_of(link["href"]).get("agency") != row["data"].get("agency"):
                    m.add(f"ranking row {row['data'].get('agency')}: no link to its drill-down ({link})")
                    break
        # The city's Decision 766 score card and the ranking of agencies by it (issue 17).
        scores = self.api.get("/v1/scores", period=period, basis=basis, by="agency")
        check_scores_answer(m, scores, f"/v1/scores {period} {basis}")
        m.equal("/v1/scores groups = /v1/kpi groups (agency, scores766)",
                [(g["agency"], g["scores766"]) for g in scores["groups"]],
                [(g["agency"], g.get("scores766")) for g in report["groups"]])
        m.equal("/v1/scores total = /v1/kpi total.scores766", scores["total"]["scores766"],
                report["total"].get("scores766"))
        compare_scores(m, snapshot["scores"], scores, scores["total"]["scores766"], f"city card {period} {basis}",
                       seen=self.score_kinds)
        compare_score_ranking(m, snapshot["tables"].get("score-ranking"), scores, self.names("agency_names"))
        m.check()

    def check_series_month(self, period, basis):
        year = period[:4]
        series = self.api.get("/v1/kpi/series", **{"from": f"{year}-01", "to": f"{year}-12", "basis": basis})
        m = Mismatches()
        m.equal("series from/to/basis", (series.get("from"), series.get("to"), series.get("basis")),
                (f"{year}-01", f"{year}-12", basis))
        month_number = int(period[5:7]) if re.fullmatch(r"\d{4}-\d{2}", period) else 3
        month = f"{year}-{month_number:02d}"
        index = int(month[5:7]) - 1
        single = self.api.get("/v1/kpi", period=month, basis=basis)
        if len(series["reports"]) > index:
            m.equal(f"series report {month}", series["reports"][index], single)
        m.check()

    def open_and_screenshot(self, page, url, agency, name, selector=None):
        page.goto(url)
        wait_ready(page, agency)
        self.screenshot(page, name, selector)

    def open_and_axe(self, page, url, agency, what):
        page.goto(url)
        wait_ready(page, agency)
        self.axe(page, what)

    def check_ranking_csv(self, page, period, basis):
        page.goto(view_url(self.base, period, basis))
        wait_ready(page)
        report = self.api.get("/v1/kpi", period=period, basis=basis, by="agency")
        rows = self.download_csv(page, "ranking", "ranking.csv")
        header, body = rows[0], rows[1:]
        m = Mismatches()
        for column in ("agency", "agencyName", "onTimeRate", "received", "late"):
            if column not in header:
                m.add(f"CSV header {header} lacks {column}")
        m.check()
        expected = worst_first(report["groups"], "agency", "onTimeRate")
        m.equal("CSV agencies", [row[header.index("agency")] for row in body], [g["agency"] for g in expected])
        for row, group in zip(body, expected):
            value = row[header.index("onTimeRate")]
            m.equal_float(f"CSV {group['agency']} onTimeRate", None if value == "" else float(value),
                          rate(group, "onTimeRate"))
            if "," in value:
                m.add(f"CSV rate {value!r} is not raw with a dot")
            m.equal(f"CSV {group['agency']} received", row[header.index("received")], str(group["counts"]["received"]))
            m.equal(f"CSV {group['agency']} name", row[header.index("agencyName")],
                    self.names("agency_names").get(group["agency"], group["agency"]))
        m.check()

    def check_score_ranking_csv(self, page, period, basis):
        page.goto(view_url(self.base, period, basis))
        wait_ready(page)
        scores = self.api.get("/v1/scores", period=period, basis=basis, by="agency")
        rows = self.download_csv(page, "score-ranking", "score-ranking.csv")
        header, body = rows[0], rows[1:]
        m = Mismatches()
        for column in ("rank", "agency", "agencyName", "points", "computableMax", "max", "2.1 ratio", "2.1 points"):
            if column not in header:
                m.add(f"CSV header {header} lacks {column}")
        m.check()
        ordered, ranks = score_ranked(scores["groups"])
        m.equal("CSV agencies", [row[header.index("agency")] for row in body], [g["agency"] for g in ordered])
        for row, group, rank in zip(body, ordered, ranks):
            card = group["scores766"]
            code = group["agency"]
            value = row[header.index("points")]
            if "," in value:
                m.add(f"CSV points {value!r} is not raw with a dot")
            m.close(f"CSV {code} points", float(value), float(card["points"]))
            m.equal(f"CSV {code} rank", row[header.index("rank")], str(rank))
            m.equal(f"CSV {code} name", row[header.index("agencyName")], self.names("agency_names").get(code, code))
            for key, indicator in card["indicators"].items():
                if not computable(indicator):
                    if f"{key} points" in header:
                        m.add(f"CSV has {key}, outside the log")
                    continue
                for field in ("ratio", "points"):
                    cell = row[header.index(f"{key} {field}")] if f"{key} {field}" in header else "absent"
                    if cell == "absent":
                        m.add(f"CSV lacks '{key} {field}'")
                        continue
                    m.close(f"CSV {code} {key} {field}", None if cell == "" else float(cell),
                            score_number(indicator[field]))
            if len(m.items) > 20:
                break
        m.check()

    def click_score_agency(self, page, period, basis):
        """A click on the highest-scored agency of the score ranking opens its drill-down and its card."""
        page.goto(view_url(self.base, period, basis))
        wait_ready(page)
        scores = self.api.get("/v1/scores", period=period, basis=basis, by="agency")
        ordered, ranks = score_ranked(scores["groups"])
        expect(ordered, f"no agency in /v1/scores for {period}")
        agency = ordered[0]["agency"]
        page.click(f'table[data-table="score-ranking"] tr[data-agency="{agency}"] a')
        snapshot = wait_ready(page, agency)
        expect(query_of(page.url).get("agency") == agency, f"the URL {page.url} does not name agency={agency}")
        m = Mismatches()
        compare_scores(m, snapshot["scores"], scores, ordered[0]["scores766"], f"agency card {agency} {period}", ranks[0],
                       self.score_kinds)
        m.check()
        return agency

    def download_csv(self, page, table, name):
        with page.expect_download(timeout=30_000) as info:
            page.click(f'a.csv[data-table="{table}"]')
        download = info.value
        path = os.path.join(self.arguments.artifacts, name)
        download.save_as(path)
        data = open(path, "rb").read()
        expect(data.startswith(b"\xef\xbb\xbf"), f"{name} does not start with the UTF-8 BOM")
        rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
        expect(len(rows) >= 1, f"{name} is empty")
        return rows

    def check_rank_change(self, page, period, basis):
        page.goto(view_url(self.base, period, basis))
        wait_ready(page)
        report = self.api.get("/v1/kpi", period=period, basis=basis, by="agency")
        page.select_option("#rank", "fullyOnlineRate")
        page.wait_for_function("() => new URLSearchParams(location.search).get('rank') === 'fullyOnlineRate'"
                               " && document.getElementById('content').dataset.state === 'ready'"
                               " && document.querySelector('table[data-table=ranking] caption')"
                               ".textContent.includes('toàn trình')", timeout=READY_TIMEOUT_MS)
        snapshot = wait_ready(page)
        m = Mismatches()
        compare_group_table(m, snapshot["tables"].get("ranking"), report["groups"], "agency",
                            self.names("agency_names"), "fullyOnlineRate", ["fullyOnlineRate"], True)
        m.check()
        page.go_back()
        page.wait_for_function("() => new URLSearchParams(location.search).get('rank') !== 'fullyOnlineRate'"
                               " && document.getElementById('content').dataset.state === 'ready'"
                               " && document.querySelector('table[data-table=ranking] caption')"
                               ".textContent.includes('đúng hạn')", timeout=READY_TIMEOUT_MS)
        snapshot = wait_ready(page)
        compare_group_table(m, snapshot["tables"].get("ranking"), report["groups"], "agency",
                            self.names("agency_names"), "onTimeRate", ["onTimeRate"], True)
        m.check()

    def click_agency(self, page, period, basis):
        page.goto(view_url(self.base, period, basis))
        wait_ready(page)
        report = self.api.get("/v1/kpi", period=period, basis=basis, by="agency")
        ranked = worst_first(report["groups"], "agency", "onTimeRate")
        # The worst agency that has a dossier open and overdue and a complaint past its limit (so that every
        # part of the drill-down has rows), else the worst with a late dossier.
        candidates = [g for g in ranked if g["counts"]["inProcessLate"] > 0 and
                      g["counts"]["complaintsInProcess"] > g["counts"]["complaintsInProcessWithinLimit"]]
        candidates += [g for g in ranked if g["counts"]["late"] + g["counts"]["inProcessLate"] > 0]
        expect(candidates, f"no agency with a late dossier in {period}")
        agency = candidates[0]["agency"]
        page.click(f'tr[data-agency="{agency}"] a')
        snapshot = wait_ready(page, agency)
        expect(query_of(page.url).get("agency") == agency, f"the URL {page.url} does not name agency={agency}")
        expect(snapshot["view"] == "agency", f"view {snapshot['view']!r} after the click")
        return agency

    def check_drilldown(self, page, period, basis, agency):
        snapshot = wait_ready(page, agency)
        self.compare_drilldown(snapshot, period, basis, agency, full=True)

    def compare_drilldown(self, snapshot, period, basis, agency, full):
        api = self.api
        report = api.get("/v1/kpi", period=period, basis=basis, agency=agency)
        by_procedure = api.get("/v1/kpi", period=period, basis=basis, by="procedure", agency=agency)
        by_field = api.get("/v1/kpi", period=period, basis=basis, by="field", agency=agency)
        late = api.get("/v1/kpi/late", period=period, basis=basis, agency=agency)
        m = Mismatches()
        m.equal("heading", snapshot["title"], self.names("agency_names").get(agency, agency))
        if not snapshot["backLinks"] or any("agency" in query_of(href) for href in snapshot["backLinks"]):
            m.add(f"no link back to the overview ({snapshot['backLinks']})")
        if full:
            previous_label = previous_period(period)
            previous = api.get("/v1/kpi", period=previous_label, basis=basis, agency=agency) if previous_label else None
            year = period[:4]
            series = api.get("/v1/kpi/series", **{"from": f"{year}-01", "to": f"{year}-12", "basis": basis,
                                                   "agency": agency})
            m.equal("series agency", series.get("agency"), agency)
            compare_tiles(m, snapshot, report, previous, previous_label)
            compare_charts(m, snapshot, series, report, agency)
        m.equal("by=procedure total equals the agency's report total", by_procedure["total"], report["total"])
        compare_group_table(m, snapshot["tables"].get("procedures"), by_procedure["groups"], "procedure",
                            self.names("procedure_names"), "onTimeRate", TARGET_RATES, False)
        compare_group_table(m, snapshot["tables"].get("fields"), by_field["groups"], "field", None,
                            "onTimeRate", TARGET_RATES, False)
        m.equal("late total = late + inProcessLate", late["dossiers"]["total"],
                report["total"]["counts"]["late"] + report["total"]["counts"]["inProcessLate"])
        c = report["total"]["counts"]
        m.equal("complaints total = complaintsInProcess − complaintsInProcessWithinLimit",
                late["complaints"]["total"], c["complaintsInProcess"] - c["complaintsInProcessWithinLimit"])
        compare_late(m, snapshot, late, self.names("agency_names"), self.names("procedure_names"))
        # The agency's Decision 766 score card: its group of /v1/scores?by=agency, with its rank there.
        scores = api.get("/v1/scores", period=period, basis=basis, by="agency")
        ordered, ranks = score_ranked(scores["groups"])
        position = [g["agency"] for g in ordered].index(agency) if agency in [g["agency"] for g in ordered] else None
        if position is None:
            m.equal(f"agency card {agency} {period}: no group, so the 'no card' note", (snapshot["scores"] or {}).get("none"), True)
        else:
            compare_scores(m, snapshot["scores"], scores, ordered[position]["scores766"],
                           f"agency card {agency} {period} {basis}", ranks[position], self.score_kinds)
        m.check()

    def check_late_dossier_shown(self, page, period, basis, agency):
        late = self.api.get("/v1/kpi/late", period=period, basis=basis, agency=agency)
        items = late["dossiers"]["items"]
        expect(items, f"/v1/kpi/late lists no dossier for {agency} in {period}")
        first = items[0]["dossier"]
        row = page.locator(f'table[data-table="late"] tr[data-dossier="{first}"]')
        expect(row.count() == 1, f"the late list does not show {first}")
        row.scroll_into_view_if_needed()
        expect(row.is_visible(), f"the row of {first} is not visible")
        expect(first in row.inner_text(), f"the row of {first} does not show its code")

    def check_late_csv(self, page, period, basis, agency):
        late = self.api.get("/v1/kpi/late", period=period, basis=basis, agency=agency)
        rows = self.download_csv(page, "late", "late.csv")
        header, body = rows[0], rows[1:]
        m = Mismatches()
        for column in ("dossier", "procedure", "receivedAt", "due", "daysLate", "agency", "apologies", "status"):
            if column not in header:
                m.add(f"CSV header {header} lacks {column}")
        m.check()
        items = late["dossiers"]["items"]
        m.equal("CSV dossiers", [row[header.index("dossier")] for row in body], [item["dossier"] for item in items])
        for row, item in zip(body, items):
            m.equal(f"CSV {item['dossier']} daysLate", row[header.index("daysLate")], str(item["daysLate"]))
            m.equal(f"CSV {item['dossier']} due", row[header.index("due")], item["due"])
        m.check()

    def check_history(self, page, agency):
        page.go_back()
        snapshot = wait_ready(page, "")
        expect("agency" not in query_of(page.url), f"back: the URL {page.url} still names an agency")
        expect(snapshot["view"] == "overview" and "ranking" in snapshot["tables"], "back: not the overview")
        page.go_forward()
        snapshot = wait_ready(page, agency)
        expect(query_of(page.url).get("agency") == agency, f"forward: the URL {page.url} lacks agency={agency}")
        expect(snapshot["view"] == "agency" and "late" in snapshot["tables"], "forward: not the drill-down")

    def check_direct(self, page, period, basis, agency):
        page.goto(view_url(self.base, period, basis, agency))
        snapshot = wait_ready(page, agency)
        self.compare_drilldown(snapshot, period, basis, agency, full=True)
        late = self.api.get("/v1/kpi/late", period=period, basis=basis, agency=agency)
        expect(late["dossiers"]["items"], "no late dossier in the API")
        codes = [row["data"]["dossier"] for row in snapshot["tables"]["late"]["rows"]]
        expect(late["dossiers"]["items"][0]["dossier"] in codes, "the late dossier is not shown")

    def check_drilldown_direct(self, page, period, basis, agency):
        page.goto(view_url(self.base, period, basis, agency))
        snapshot = wait_ready(page, agency)
        self.compare_drilldown(snapshot, period, basis, agency, full=True)

    def check_no_overflow(self, page):
        width = page.evaluate("() => document.documentElement.scrollWidth")
        viewport = page.evaluate("() => window.innerWidth")
        expect(width <= viewport + 1, f"the page is {width} px wide in a {viewport} px viewport")

    def note_request(self, request, label):
        parts = urllib.parse.urlsplit(request.url)
        if parts.scheme == "blob":
            parts = urllib.parse.urlsplit(request.url[len("blob:"):])
        if parts.scheme != "data" and (parts.scheme not in ("http", "https") or parts.netloc != self.host):
            self.foreign_requests.append(f"[{label}] {request.method} {request.url}")

    def check_error_state(self, page):
        page.goto(self.base + "/?period=2025-Q5&basis=report")
        page.wait_for_function("() => document.getElementById('content').dataset.state === 'error'",
                               timeout=READY_TIMEOUT_MS)
        status = page.locator("#status")
        expect(status.get_attribute("role") == "status", "the status region has no role=status")
        text = status.inner_text()
        expect(text.startswith("Lỗi") and "Tham số không hợp lệ" in text, f"status {text!r}")

    def check_default_view(self, page):
        page.goto(self.base + "/")
        snapshot = wait_ready(page)
        local = time.gmtime(time.time() + 7 * 3600)
        year, month, day = local.tm_year, local.tm_mon, local.tm_mday
        if month == 12 and day >= 15:
            expected = f"{year + 1}-Q1"
        else:
            quarter = (month - 1) // 3 + 1
            expected = f"{year}-Q{quarter + 1}" if month == quarter * 3 and day >= 15 else f"{year}-Q{quarter}"
        shown = page.input_value("#period")
        expect(shown == expected, f"the period field shows {shown!r}, expected {expected!r}")
        expect(page.input_value("#basis") == "report", "the basis is not 'report'")
        expect(len(snapshot["tiles"]) == 5, f"{len(snapshot['tiles'])} tiles")

    def check_token(self, page):
        seen = []
        page.on("request", lambda request: seen.append(request) if "/v1/" in request.url else None)
        page.goto(view_url(self.base, "2025-Q2", "report"))
        wait_ready(page)
        expect(seen and all(r.headers.get("authorization") is None for r in seen),
               "a request carried an Authorization header without a token")
        expect(page.get_attribute("#token", "type") == "password", "the token field is not a password field")
        seen.clear()
        page.fill("#token", "mct_not-a-real-token")
        page.click("#query button[type=submit]")
        page.wait_for_function("() => document.getElementById('content').dataset.state === 'error'",
                               timeout=READY_TIMEOUT_MS)
        expect(seen and all(r.headers.get("authorization") == "Bearer mct_not-a-real-token" for r in seen),
               f"requests without the Bearer token: {[r.url for r in seen if not r.headers.get('authorization')]}")
        stored = page.evaluate("() => localStorage.getItem('motcua-token')")
        expect(stored == "mct_not-a-real-token", f"the token was not kept in localStorage ({stored!r})")
        text = page.locator("#status").inner_text()
        expect("401" in text and "mã truy cập" in text, f"status {text!r}")

    def check_score_kinds(self):
        wanted = {"ratio", "outside", "empty", "empty with points"}
        expect(wanted <= self.score_kinds, f"the score cards compared lacked {sorted(wanted - self.score_kinds)}")

    def check_console(self):
        expect(not self.console_errors, " | ".join(self.console_errors[:10]))

    def check_hosts(self):
        expect(self.requests > 0, "no request seen")
        expect(not self.foreign_requests, " | ".join(self.foreign_requests[:10]))

    def check_screenshots(self):
        expected = ["overview-desktop.png", "overview-phone.png", "agency-desktop.png", "agency-phone.png",
                    "late-desktop.png", "late-phone.png", "scores-desktop.png", "scores-phone.png",
                    "scores-agency-desktop.png", "scores-agency-phone.png", "score-ranking-desktop.png"]
        problems = []
        for name in expected:
            path = os.path.join(self.arguments.artifacts, name)
            if not os.path.isfile(path) or os.path.getsize(path) == 0:
                problems.append(f"{path} missing or empty")
                continue
            with open(path, "rb") as file:
                if file.read(8) != b"\x89PNG\r\n\x1a\n":
                    problems.append(f"{path} is not a PNG")
        expect(not problems, "; ".join(problems))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--motcua", required=True, help="the motcua binary")
    parser.add_argument("--artifacts", required=True, help="where screenshots and downloads are saved")
    arguments = parser.parse_args()
    if not os.access(arguments.motcua, os.X_OK):
        print(f"FAIL setup: {arguments.motcua} is not an executable file", flush=True)
        return 1
    return Run(arguments).main()


if __name__ == "__main__":
    sys.exit(main())
