/// The dashboard served at `GET /`: one page that reads `/v1/kpi` and shows each agency's rates against
/// the plan's targets (met in green, missed in red). Static: everything it shows comes from the API.
enum Dashboard {
    static let html = #"""
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>MotCua: chỉ số cải cách hành chính</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #222; }
        h1 { font-size: 1.3rem; margin: 0 0 .8rem; }
        form { display: flex; gap: .6rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
        label { display: flex; flex-direction: column; font-size: .8rem; color: #555; }
        input, select, button { font: inherit; padding: .25rem .4rem; }
        table { border-collapse: collapse; }
        th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: right; }
        th:first-child, td:first-child { text-align: left; }
        td.met { color: #137333; } td.missed { color: #b3261e; font-weight: 600; }
        #status { color: #555; margin: .5rem 0; }
        </style>
        </head>
        <body>
        <h1>MotCua: chỉ số cải cách hành chính (Kế hoạch CCHC Hà Nội 2025)</h1>
        <form id="query">
          <label>Kỳ báo cáo <input id="period" size="12"></label>
          <label>Nhóm theo <select id="by">
            <option value="agency">cơ quan</option><option value="sector">ngành</option>
            <option value="field">lĩnh vực</option><option value="level">cấp</option></select></label>
          <label>Token (nếu cần) <input id="token" type="password" size="24"></label>
          <button type="submit">Xem</button>
        </form>
        <div id="status"></div>
        <table id="report"><thead></thead><tbody></tbody></table>
        <script>
        const rates = [
          ["onTimeRate", "Đúng hạn"], ["fullyOnlineRate", "Toàn trình"], ["resultDigitizationRate", "Số hóa KQ"],
          ["dossierDigitizationRate", "Số hóa TP"], ["complaintOnTimeRate", "PAKN đúng hạn"]];
        function currentQuarter(now) {
          const d = new Date(now.getTime() + 7 * 3600 * 1000);
          let y = d.getUTCFullYear(), m = d.getUTCMonth() + 1, day = d.getUTCDate();
          if (m === 12 && day >= 15) return (y + 1) + "-Q1";
          const q = Math.floor((m - 1) / 3) + 1, last = q * 3;
          if (m === last && day >= 15) return y + "-Q" + (q + 1);
          return y + "-Q" + q;
        }
        function cell(group, name) {
          const rate = group.rates[name], target = group.targets[name];
          const td = document.createElement("td");
          td.textContent = rate === null || rate === undefined ? "–" : (rate * 100).toFixed(1) + "%";
          if (target && target.met !== null) td.className = target.met ? "met" : "missed";
          return td;
        }
        async function load(event) {
          if (event) event.preventDefault();
          const period = document.getElementById("period").value, by = document.getElementById("by").value;
          const token = document.getElementById("token").value;
          localStorage.setItem("motcua-token", token);
          const headers = token ? {"Authorization": "Bearer " + token} : {};
          const status = document.getElementById("status");
          status.textContent = "Đang tải…";
          const response = await fetch("/v1/kpi?period=" + encodeURIComponent(period) + "&by=" + by, {headers});
          const body = await response.json();
          if (!response.ok) { status.textContent = body.detail || response.statusText; return; }
          status.textContent = "Kỳ " + body.period.label + " (" + body.period.from + " – " + body.period.to +
            "), tính đến " + body.evaluatedAt + ", vị trí log " + body.position;
          const head = document.querySelector("#report thead"), rows = document.querySelector("#report tbody");
          head.innerHTML = ""; rows.innerHTML = "";
          const tr = document.createElement("tr");
          for (const title of [by, "Tiếp nhận", "Đã giải quyết", ...rates.map(r => r[1])]) {
            const th = document.createElement("th"); th.textContent = title; tr.appendChild(th);
          }
          head.appendChild(tr);
          for (const group of [...body.groups, {[by]: "Tổng", ...body.total}]) {
            const row = document.createElement("tr");
            for (const text of [group[by], group.counts.received, group.counts.finished]) {
              const td = document.createElement("td"); td.textContent = text; row.appendChild(td);
            }
            for (const [name] of rates) row.appendChild(cell(group, name));
            rows.appendChild(row);
          }
        }
        const params = new URLSearchParams(location.search);
        document.getElementById("period").value = params.get("period") || currentQuarter(new Date());
        if (params.get("by")) document.getElementById("by").value = params.get("by");
        document.getElementById("token").value = localStorage.getItem("motcua-token") || "";
        document.getElementById("query").addEventListener("submit", load);
        load();
        </script>
        </body>
        </html>
        """#
}
