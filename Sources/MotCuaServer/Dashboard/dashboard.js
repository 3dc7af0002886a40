/*
 * MotCua dashboard: plain ES2020, no framework, no build step, nothing from another host.
 * Served by `motcua serve` as /dashboard/dashboard.js under `Content-Security-Policy: default-src 'self'`
 * (so: no inline script or style, no eval; the page builds its DOM and SVG with createElement).
 *
 * Every view is a URL; the state lives in the query string, changed with history.pushState:
 *   /?period=2025-Q2&basis=report|calendar[&agency=CODE]&rank=onTimeRate
 * Without `agency` the page shows the city overview (tiles, monthly charts, agency ranking, the city's
 * Decision 766 score card and the ranking of agencies by it); with it, that agency's drill-down (tiles,
 * charts, its 766 score card, tables by procedure and by field, late dossiers, complaints).
 *
 * Data: GET /v1/kpi, /v1/kpi/series, /v1/kpi/late, /v1/scores and /v1/catalogue of this server, with
 * `Authorization: Bearer <token>` when a token was entered (kept in localStorage "motcua-token").
 *
 * STABLE HOOKS (Tests/Browser/dashboard_test.py relies on them). Every figure carries its raw API value;
 * a null value is data-value="" and is shown as "—".
 *   main#content[data-state="loading"|"ready"|"error"][data-view="overview"|"agency"]
 *       [data-period=LABEL][data-basis=BASIS][data-agency=CODE or ""]
 *   #status[role=status]: the loading / done / error message, in Vietnamese.
 *   section.tile[data-rate=RATE][data-value=RAW][data-target=RAW][data-met="true"|"false"|""]
 *       [data-delta=RAW]: data-delta is present only when the label has a previous period of the same
 *       kind; it is "" when either value is null. Inside: .tile-value (e.g. "89,97%"), .tile-target
 *       ("Chỉ tiêu: 100,00%"), .tile-met ("✓ Đạt chỉ tiêu" | "✗ Chưa đạt chỉ tiêu" | "Chưa có số liệu"),
 *       .tile-delta ("+1,25 điểm % so với Quý 1/2025"), .tile-fraction ("4.427 / 4.916 hồ sơ").
 *   svg.chart[data-rate=RATE][data-year=YYYY][data-agency=CODE or ""]:
 *       circle.point[data-month="2025-03"][data-value=RAW] (one per month with a value; null months have
 *       no circle and break the line); line.target[data-value=RAW] (the plan's target).
 *   table[data-table="ranking"|"procedures"|"fields"|"late"|"complaints"], whose rows are
 *       ranking:    tr[data-agency=CODE][data-value=RAW of the ranked rate][data-rank=N or ""]
 *       procedures: tr[data-procedure=CODE][data-value=RAW of the ranked rate]
 *       fields:     tr[data-field=CODE][data-value=RAW of the ranked rate]
 *       late:       tr[data-dossier=CODE]
 *       complaints: tr[data-complaint=CODE]
 *     and whose value cells are td[data-col=KEY][data-value=RAW] with the formatted text inside; KEY is
 *     the API's name (a counts or rates key, or daysLate, apologies, supplements, receivedAt, due,
 *     endedAt, deadline, status); the ranking's fraction cell holds span[data-col="numerator"] and
 *     span[data-col="denominator"] of the ranked rate.
 *   a.csv[data-table=NAME]: "Tải CSV", a Blob URL (UTF-8 with BOM, raw values, dot decimal point).
 *   select#rank: the rate that orders the ranking (and the drill-down tables).
 *
 * DECISION 766 SCORE CARD (a reconstruction from the log, GET /v1/scores?period=P&basis=B&by=agency):
 *   the overview shows its `total.scores766`; the drill-down shows the agency's group of that same answer
 *   (not `&agency=CODE`, whose total takes 3.1 and 3.2 over the whole catalogue), or p.score-none when
 *   the agency has no group in the period.
 *   section#scores766 > h3: "Chỉ số 766 (tái dựng từ nhật ký, không phải điểm Cổng DVCQG công bố)".
 *   .score-summary[data-scores-points=RAW card points][data-computable-max="56"][data-max="100"]
 *       [data-label="reconstruction"]: .score-total-value ("43,10"); in the drill-down also
 *       p.score-rank[data-score-rank=N] ("Xếp hạng N / M cơ quan …", the rank of the score ranking).
 *   section.score-tile[data-tile=N][data-points=RAW|""][data-max=M][data-computable-max=C]: one per entry of
 *       the API's `tiles`, in its order; data-points is the sum of its indicators' non-null points (from 0,
 *       in the tile's order), "" when none of them is computable (then the tile is also .is-outside).
 *       Inside: h4 ("2. Tiến độ giải quyết"), .score-tile-value ("18,26 / 20 điểm"; "— / 18 điểm").
 *   li.indicator[data-indicator="2.1"][data-ratio=RAW|""][data-points=RAW|""][data-max=M]
 *       [data-computable="true"|"false"], inside its tile, in the tile's order: .indicator-name (code and
 *       the API's `names`), .indicator-ratio ("91,29%" or "—"), .indicator-points ("18,26 / 20 điểm",
 *       "— / 6 điểm"), .indicator-note: for data-computable="false" (class is-outside, greyed)
 *       "Ngoài nhật ký: <the API's reasons[number]>."; for a computable null ratio (class is-empty)
 *       "mẫu số bằng 0: …".
 *   table[data-table="score-ranking"]: tr[data-agency=CODE][data-value=RAW points][data-rank=N], highest
 *       points first, ties by code (rank shared by equal points); cells td[data-col="points"] and
 *       td[data-col="tile-N"] (N of each tile with a computable indicator) with data-value=RAW; the agency
 *       cell links to the drill-down. Its CSV adds computableMax, max and "K ratio", "K points" of each
 *       computable indicator K.
 */
"use strict";

const TOKEN_KEY = "motcua-token";
const DASH = "—";
const MINUS = "−";

/** Every rate of the API: its Vietnamese name and how its fraction is made from the counts. */
const RATE_INFO = {
  onTimeRate: {
    label: "Giải quyết đúng hạn", unit: "hồ sơ",
    num: (c) => c.early + c.onTime, den: (c) => c.finished,
    numLabel: "Đúng và trước hạn", denLabel: "Đã giải quyết",
  },
  progressRate: {
    label: "Tiến độ giải quyết", unit: "hồ sơ",
    num: (c) => c.early + c.onTime + c.inProcessWithinLimit, den: (c) => c.finished + c.inProcess,
    numLabel: "Đúng hạn, trước hạn, còn trong hạn", denLabel: "Đã và đang giải quyết",
  },
  onlineReceptionRate: {
    label: "Tiếp nhận trực tuyến", unit: "hồ sơ",
    num: (c) => c.receivedOnline, den: (c) => c.received,
    numLabel: "Nộp trực tuyến", denLabel: "Tiếp nhận",
  },
  fullyOnlineRate: {
    label: "Xử lý trực tuyến toàn trình", unit: "hồ sơ",
    num: (c) => c.fullyOnline, den: (c) => c.fullyOnlineEligible,
    numLabel: "Toàn trình", denLabel: "Thuộc diện toàn trình",
  },
  resultDigitizationRate: {
    label: "Số hóa kết quả", unit: "hồ sơ",
    num: (c) => c.resultsDigitized, den: (c) => c.resultsRequired,
    numLabel: "Kết quả đã số hóa", denLabel: "Kết quả phải số hóa",
  },
  dossierDigitizationRate: {
    label: "Số hóa hồ sơ", unit: "hồ sơ",
    num: (c) => c.componentsDigitized, den: (c) => c.received,
    numLabel: "Đã số hóa thành phần", denLabel: "Tiếp nhận",
  },
  complaintOnTimeRate: {
    label: "Xử lý PAKN đúng hạn", unit: "phản ánh, kiến nghị",
    num: (c) => c.complaintsFinishedOnTime + c.complaintsInProcessWithinLimit,
    den: (c) => c.complaintsFinished + c.complaintsInProcess,
    numLabel: "PAKN đúng hạn, còn trong hạn", denLabel: "PAKN đã và đang xử lý",
  },
  satisfactionRate: {
    label: "Mức độ hài lòng", unit: "lượt đánh giá",
    num: (c) => c.satisfied, den: (c) => c.rated,
    numLabel: "Hài lòng", denLabel: "Lượt đánh giá",
  },
};

/** The five rates with a plan target: one tile and one chart each. */
const TARGET_RATES = [
  "onTimeRate", "fullyOnlineRate", "resultDigitizationRate", "complaintOnTimeRate", "satisfactionRate",
];

/** The counts shown beside every group. */
const GROUP_COUNTS = [
  ["received", "Tiếp nhận"], ["finished", "Đã giải quyết"], ["late", "Giải quyết quá hạn"],
  ["inProcessLate", "Đang giải quyết quá hạn"],
];

const LEVELS = { province: "Cấp tỉnh", district: "Cấp huyện", commune: "Cấp xã" };

const DOSSIER_STATUS = {
  processed: "Đã giải quyết", withdrawn: "Đã rút hồ sơ", stopped: "Dừng giải quyết",
  open: "Đang giải quyết", waiting: "Chờ bổ sung",
};
const COMPLAINT_STATUS = { open: "Đang xử lý", answered: "Đã trả lời, chưa công khai" };

/** Sector names (the ten sectors of the catalogue); the catalogue itself carries only the codes. */
const SECTORS = {
  TNMT: "Tài nguyên và Môi trường", KHDT: "Kế hoạch và Đầu tư", TP: "Tư pháp", XD: "Xây dựng",
  GTVT: "Giao thông vận tải", LDTBXH: "Lao động - Thương binh và Xã hội", YT: "Y tế",
  GDDT: "Giáo dục và Đào tạo", CT: "Công Thương", NV: "Nội vụ",
};

/** Field names for the codes of the catalogue (a code without a name here is shown as is). */
const FIELDS = {
  DD: "Đất đai", MT: "Môi trường", TNN: "Tài nguyên nước", DKKD: "Đăng ký kinh doanh", DT: "Đầu tư",
  HTX: "Hợp tác xã", LLTP: "Lý lịch tư pháp", HT: "Hộ tịch", CTH: "Chứng thực", CPXD: "Cấp phép xây dựng",
  HDXD: "Hoạt động xây dựng", NO: "Nhà ở", GPLX: "Giấy phép lái xe", VT: "Vận tải", DB: "Đường bộ",
  DKPT: "Đăng ký phương tiện", VL: "Việc làm", BTXH: "Bảo trợ xã hội", NCC: "Người có công",
  LD: "Lao động", KCB: "Khám bệnh, chữa bệnh", DUOC: "Dược", ATTP: "An toàn thực phẩm",
  VB: "Văn bằng, chứng chỉ", TS: "Tuyển sinh", CSGD: "Cơ sở giáo dục", LT: "Lưu thông hàng hóa",
  XDAU: "Kinh doanh xăng dầu", DIEN: "Điện lực", XTTM: "Xúc tiến thương mại", HOI: "Tổ chức hội",
  TG: "Tín ngưỡng, tôn giáo", CCVC: "Công chức, viên chức", TDKT: "Thi đua, khen thưởng",
};

// ---------------------------------------------------------------------------------------------------
// Formatting (Vietnamese: comma decimal point, dot thousands separator, dd/mm/yyyy).

function isNumber(value) {
  return typeof value === "number" && Number.isFinite(value);
}

/** `12345` → "12.345". */
function fmtInt(value) {
  if (!isNumber(value)) return DASH;
  const digits = String(Math.trunc(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  return value < 0 ? MINUS + digits : digits;
}

/** Two decimals, rounded half up on the exact binary value, with a comma: 89.965 → "89,97" (toFixed). */
function fixed2(value) {
  return value.toFixed(2).replace(".", ",");
}

/** A fraction in [0, 1] → "89,97%"; null → "—". */
function fmtPct(value) {
  return isNumber(value) ? fixed2(value * 100) + "%" : DASH;
}

/** A difference of two fractions → "+1,25 điểm %", "−0,40 điểm %" or "0,00 điểm %". */
function fmtPoints(delta) {
  const points = delta * 100;
  const text = fixed2(Math.abs(points));
  if (text === "0,00") return "0,00 điểm %";
  return (points > 0 ? "+" : MINUS) + text + " điểm %";
}

/** A tick of a chart's axis: 0.9 → "90%". */
function fmtTick(value) {
  return String(Math.round(value * 100)) + "%";
}

/** The local (UTC+7) day of a date or an RFC 3339 instant, as YYYY-MM-DD. */
function localDay(text) {
  if (typeof text !== "string") return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  if (/^\d{4}-\d{2}-\d{2}T.*\+07:00$/.test(text)) return text.slice(0, 10);
  const milliseconds = Date.parse(text.replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(milliseconds)) return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : null;
  return new Date(milliseconds + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

/** "2025-06-14" or an instant → "14/06/2025"; null → "—". */
function fmtDate(text) {
  const day = localDay(text);
  if (!day) return DASH;
  return day.slice(8, 10) + "/" + day.slice(5, 7) + "/" + day.slice(0, 4);
}

/** An instant at +07:00 → "23:59 ngày 14/06/2025". */
function fmtInstant(text) {
  if (typeof text === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*\+07:00$/.test(text)) {
    return text.slice(11, 16) + " ngày " + fmtDate(text);
  }
  return fmtDate(text);
}

// ---------------------------------------------------------------------------------------------------
// Periods.

/** The report-basis quarter containing `now` (the plan's quarters end on the 14th of March, June, …). */
function currentQuarter(now) {
  const local = new Date(now.getTime() + 7 * 3600 * 1000);
  const year = local.getUTCFullYear(), month = local.getUTCMonth() + 1, day = local.getUTCDate();
  if (month === 12 && day >= 15) return (year + 1) + "-Q1";
  const quarter = Math.floor((month - 1) / 3) + 1;
  if (month === quarter * 3 && day >= 15) return year + "-Q" + (quarter + 1);
  return year + "-Q" + quarter;
}

/** The previous period of the same kind, or null: Q2→Q1, Q1→previous Q4, month→previous month,
 *  year→previous year, H1/H2/9M→the previous year's. */
function previousPeriod(label) {
  let match;
  if ((match = /^(\d{4})$/.exec(label))) return String(Number(match[1]) - 1);
  if ((match = /^(\d{4})-Q([1-4])$/.exec(label))) {
    const year = Number(match[1]), quarter = Number(match[2]);
    return quarter === 1 ? (year - 1) + "-Q4" : year + "-Q" + (quarter - 1);
  }
  if ((match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label))) {
    const year = Number(match[1]), month = Number(match[2]);
    return month === 1 ? (year - 1) + "-12" : year + "-" + String(month - 1).padStart(2, "0");
  }
  if ((match = /^(\d{4})-(H1|H2|9M)$/.exec(label))) return (Number(match[1]) - 1) + "-" + match[2];
  return null;
}

/** The year whose months the charts show. */
function yearOf(label) {
  const match = /^(\d{4})/.exec(label);
  return match ? match[1] : null;
}

/** "2025-Q2" → "Quý 2/2025", "2025-03" → "Tháng 03/2025", … */
function describePeriod(label) {
  let match;
  if ((match = /^(\d{4})$/.exec(label))) return "Năm " + match[1];
  if ((match = /^(\d{4})-Q([1-4])$/.exec(label))) return "Quý " + match[2] + "/" + match[1];
  if ((match = /^(\d{4})-H1$/.exec(label))) return "6 tháng đầu năm " + match[1];
  if ((match = /^(\d{4})-H2$/.exec(label))) return "6 tháng cuối năm " + match[1];
  if ((match = /^(\d{4})-9M$/.exec(label))) return "9 tháng năm " + match[1];
  if ((match = /^(\d{4})-(\d{2})$/.exec(label))) return "Tháng " + match[2] + "/" + match[1];
  if ((match = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(label))) {
    return "Từ " + fmtDate(match[1]) + " đến " + fmtDate(match[2]);
  }
  return label;
}

function describeBasis(basis) {
  return basis === "calendar" ? "theo tháng dương lịch" : "theo kỳ báo cáo, chốt ngày 14";
}

// ---------------------------------------------------------------------------------------------------
// DOM helpers.

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") element.setAttribute("class", value);
    else if (name === "dataset") {
      for (const [key, data] of Object.entries(value)) if (data !== undefined) element.dataset[key] = data;
    } else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function h(tag, attributes, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

function svg(tag, attributes, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attributes, children);
}

/** The raw value of a data-value attribute: "" for null. */
function raw(value) {
  return value === null || value === undefined ? "" : String(value);
}

let idCounter = 0;
function uid(prefix) {
  idCounter += 1;
  return prefix + "-" + idCounter;
}

function setStatus(text, kind) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = "status" + (kind ? " status-" + kind : "");
}

// ---------------------------------------------------------------------------------------------------
// The API.

class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function storedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY) || "";
  } catch (error) {
    return "";
  }
}

function storeToken(token) {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch (error) {
    // Storage refused (private mode): the token then lives in the field only.
  }
}

function apiMessage(status, detail) {
  if (status === 401) return "Cần mã truy cập hợp lệ (lỗi 401): nhập mã vào ô “Mã truy cập” rồi bấm “Xem số liệu”.";
  if (status === 403) return "Mã truy cập này không được xem số liệu này (lỗi 403).";
  if (status === 400) return "Tham số không hợp lệ (lỗi 400): " + detail;
  if (status === 404) return "Không tìm thấy (lỗi 404): " + detail;
  if (status >= 500) return "Máy chủ đang gặp sự cố (lỗi " + status + "), vui lòng thử lại sau.";
  return "Lỗi " + status + ": " + detail;
}

async function fetchJSON(path, token) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  let response;
  try {
    response = await fetch(path, { headers, credentials: "same-origin", cache: "no-store" });
  } catch (error) {
    throw new ApiError("Không kết nối được với máy chủ. Kiểm tra mạng rồi thử lại.", 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  if (!response.ok) {
    const detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
    throw new ApiError(apiMessage(response.status, detail), response.status);
  }
  if (body === null || typeof body !== "object") {
    throw new ApiError("Máy chủ trả về dữ liệu không đọc được.", response.status);
  }
  return body;
}

/** Answers kept for the session (cleared by "Xem số liệu"), so that back/forward and sorting are instant. */
const answers = new Map();

function api(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "") query.set(name, value);
  }
  const url = path + (query.toString() ? "?" + query.toString() : "");
  const token = storedToken();
  const key = token + "\n" + url;
  if (!answers.has(key)) {
    const promise = fetchJSON(url, token);
    answers.set(key, promise);
    promise.catch(() => answers.delete(key));
  }
  return answers.get(key);
}

const EMPTY_CATALOGUE = { agencies: [], procedures: [], missing: true };

function indexCatalogue(catalogue) {
  const agencies = new Map(), procedures = new Map();
  for (const agency of catalogue.agencies || []) agencies.set(agency.agency, agency);
  for (const procedure of catalogue.procedures || []) procedures.set(procedure.procedure, procedure);
  return { agencies, procedures, missing: Boolean(catalogue.missing) };
}

function agencyName(index, code) {
  const agency = index.agencies.get(code);
  return agency && agency.name ? agency.name : code;
}

function procedureName(index, code) {
  const procedure = index.procedures.get(code);
  return procedure && procedure.name ? procedure.name : code;
}

// ---------------------------------------------------------------------------------------------------
// State in the URL.

function readState() {
  const query = new URLSearchParams(location.search);
  const period = (query.get("period") || "").trim() || currentQuarter(new Date());
  const basis = query.get("basis") === "calendar" ? "calendar" : "report";
  const agency = (query.get("agency") || "").trim() || null;
  const rank = Object.prototype.hasOwnProperty.call(RATE_INFO, query.get("rank")) ? query.get("rank") : "onTimeRate";
  return { period, basis, agency, rank };
}

function stateURL(state) {
  const query = new URLSearchParams();
  query.set("period", state.period);
  query.set("basis", state.basis);
  if (state.agency) query.set("agency", state.agency);
  query.set("rank", state.rank);
  return location.pathname + "?" + query.toString();
}

function navigate(state) {
  const url = stateURL(state);
  if (url === location.pathname + location.search) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

function syncForm(state) {
  document.getElementById("period").value = state.period;
  document.getElementById("basis").value = state.basis;
  const list = document.getElementById("period-suggestions");
  const year = yearOf(state.period) || String(new Date().getFullYear());
  const labels = [year, year + "-Q1", year + "-Q2", year + "-Q3", year + "-Q4", year + "-H1", year + "-H2", year + "-9M"];
  for (let month = 1; month <= 12; month += 1) labels.push(year + "-" + String(month).padStart(2, "0"));
  list.replaceChildren(...labels.map((label) => h("option", { value: label }, describePeriod(label))));
}

// ---------------------------------------------------------------------------------------------------
// Building blocks: period line, tiles, charts, tables with CSV.

function rateOf(part, rate) {
  return part && part.rates && isNumber(part.rates[rate]) ? part.rates[rate] : null;
}

function fraction(part, rate) {
  const counts = part && part.counts;
  if (!counts) return { num: null, den: null };
  const num = RATE_INFO[rate].num(counts), den = RATE_INFO[rate].den(counts);
  return { num: isNumber(num) ? num : null, den: isNumber(den) ? den : null };
}

function periodLine(report) {
  const period = report.period || {};
  return h("p", { class: "period-line" },
    describePeriod(period.label) + ": từ " + fmtDate(period.from) + " đến " + fmtDate(period.to) +
    " (" + describeBasis(period.basis) + "); số liệu tính đến " + fmtInstant(report.evaluatedAt) +
    ", vị trí nhật ký " + fmtInt(report.position) + ".");
}

function buildTiles(report, previous, previousLabel) {
  const tiles = h("div", { class: "tiles" });
  for (const rate of TARGET_RATES) {
    const info = RATE_INFO[rate];
    const value = rateOf(report.total, rate);
    const target = report.total && report.total.targets ? report.total.targets[rate] : undefined;
    const targetValue = target && isNumber(target.target) ? target.target : null;
    const met = target && typeof target.met === "boolean" ? target.met : null;
    let delta;
    if (previousLabel) {
      const before = previous ? rateOf(previous.total, rate) : null;
      delta = value !== null && before !== null ? value - before : null;
    }
    const headingId = uid("tile");
    const { num, den } = fraction(report.total, rate);
    const metText = met === true ? "✓ Đạt chỉ tiêu" : met === false ? "✗ Chưa đạt chỉ tiêu" : "Chưa có số liệu";
    let deltaText;
    if (!previousLabel) deltaText = "Không có kỳ trước cùng loại để so sánh";
    else if (delta === null) deltaText = "Không so sánh được với " + describePeriod(previousLabel) + " (thiếu số liệu)";
    else deltaText = fmtPoints(delta) + " so với " + describePeriod(previousLabel);
    tiles.append(h("section", {
      class: "tile " + (met === true ? "is-met" : met === false ? "is-missed" : "is-nodata"),
      "aria-labelledby": headingId,
      dataset: {
        rate, value: raw(value), target: raw(targetValue), met: raw(met),
        delta: previousLabel ? raw(delta) : undefined,
      },
    },
    h("h4", { id: headingId, class: "tile-label" }, info.label),
    h("p", { class: "tile-value" }, fmtPct(value)),
    h("p", { class: "tile-fraction" },
      den === null ? DASH : fmtInt(num) + " / " + fmtInt(den) + " " + info.unit),
    h("p", { class: "tile-target" }, "Chỉ tiêu: " + (targetValue === null ? DASH : fmtPct(targetValue)) +
      (rate === "satisfactionRate" ? " (theo đánh giá trên hồ sơ)" : "")),
    h("p", { class: "tile-met" }, metText),
    h("p", { class: "tile-delta" + (delta > 0 ? " up" : delta < 0 ? " down" : "") }, deltaText)));
  }
  return tiles;
}

function buildChart(rate, series, targetValue, agency) {
  const info = RATE_INFO[rate];
  const width = 320, height = 190, left = 40, right = 12, top = 14, bottom = 34;
  const reports = series.reports || [];
  const points = reports.map((report) => ({
    month: report.period ? report.period.label : "",
    value: rateOf(report.total, rate),
  }));
  const values = points.map((point) => point.value).filter((value) => value !== null);
  const lowest = Math.min(1, targetValue === null ? 1 : targetValue, ...values);
  let low = Math.max(0, Math.floor((lowest - 0.02) * 10) / 10);
  let step = 10;
  if (1 - low > 0.5) {
    low = Math.max(0, Math.floor(low * 5) / 5);
    step = 20;
  }
  const lowPercent = Math.round(low * 100);
  const plotHeight = height - top - bottom;
  const y = (value) => top + (1 - (value - low) / (1 - low)) * plotHeight;
  const slot = (width - left - right) / Math.max(points.length, 1);
  const x = (index) => left + (index + 0.5) * slot;
  const year = series.from ? series.from.slice(0, 4) : "";

  const titleId = uid("chart-title"), descId = uid("chart-desc");
  const described = points.map((point) => {
    const month = Number(point.month.slice(5, 7)) || point.month;
    return "tháng " + month + ": " + (point.value === null ? "chưa có số liệu" : fmtPct(point.value));
  });
  const chart = svg("svg", {
    class: "chart", viewBox: "0 0 " + width + " " + height, role: "img",
    "aria-labelledby": titleId + " " + descId, focusable: "false",
    dataset: { rate, year, agency: agency || "" },
  },
  svg("title", { id: titleId }, info.label + " theo tháng, năm " + year),
  svg("desc", { id: descId },
    "Chỉ tiêu " + (targetValue === null ? "không có" : fmtPct(targetValue)) + ". " + described.join("; ") + "."));

  const grid = svg("g", { class: "grid" });
  for (let percent = lowPercent; percent <= 100; percent += step) {
    const at = y(percent / 100);
    grid.append(
      svg("line", { x1: left, x2: width - right, y1: at, y2: at }),
      svg("text", { class: "tick", x: left - 5, y: at + 3.5, "text-anchor": "end" }, fmtTick(percent / 100)));
  }
  chart.append(grid);
  const axis = svg("g", { class: "axis" },
    svg("line", { x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight }));
  points.forEach((point, index) => {
    const month = Number(point.month.slice(5, 7));
    axis.append(svg("text", { class: "tick", x: x(index), y: top + plotHeight + 14, "text-anchor": "middle" },
      Number.isNaN(month) ? point.month : String(month)));
  });
  axis.append(svg("text", { class: "axis-label", x: width - right, y: height - 3, "text-anchor": "end" },
    "Tháng (năm " + year + ")"));
  chart.append(axis);

  if (targetValue !== null) {
    const at = y(targetValue);
    chart.append(
      svg("line", { class: "target", x1: left, x2: width - right, y1: at, y2: at, dataset: { value: raw(targetValue) } }),
      svg("text", { class: "target-label", x: width - right, y: at - 4, "text-anchor": "end" },
        "Chỉ tiêu " + fmtPct(targetValue)));
  }

  let path = "", drawing = false;
  points.forEach((point, index) => {
    if (point.value === null) {
      drawing = false;
      return;
    }
    path += (drawing ? " L" : " M") + x(index).toFixed(1) + " " + y(point.value).toFixed(1);
    drawing = true;
  });
  if (path) chart.append(svg("path", { class: "series", d: path.trim() }));
  const dots = svg("g", { class: "points" });
  points.forEach((point, index) => {
    if (point.value === null) return;
    const missed = targetValue !== null && point.value < targetValue;
    dots.append(svg("circle", {
      class: "point" + (missed ? " point-missed" : ""), cx: x(index).toFixed(1), cy: y(point.value).toFixed(1),
      r: 3.5, dataset: { month: point.month, value: raw(point.value) },
    }, svg("title", {}, describePeriod(point.month) + ": " + fmtPct(point.value))));
  });
  chart.append(dots);
  if (values.length === 0) {
    chart.append(svg("text", { class: "empty", x: left + (width - left - right) / 2, y: top + plotHeight / 2,
      "text-anchor": "middle" }, "Chưa có số liệu"));
  }
  return chart;
}

function buildCharts(series, report, agency) {
  const charts = h("div", { class: "charts" });
  for (const rate of TARGET_RATES) {
    const target = report.total && report.total.targets ? report.total.targets[rate] : undefined;
    const targetValue = target && isNumber(target.target) ? target.target : null;
    const headingId = uid("chart");
    charts.append(h("figure", { class: "chart-card", "aria-labelledby": headingId },
      h("figcaption", { id: headingId }, RATE_INFO[rate].label),
      buildChart(rate, series, targetValue, agency)));
  }
  return charts;
}

function cellClass(column) {
  if (column.type !== "text") return "num";
  return [column.wide ? "wide" : "", column.nowrap ? "nowrap" : ""].join(" ").trim();
}

function csvField(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
}

/** A table with a caption, column headers, row headers, hooks and a "Tải CSV" link.
 *  columns: {key, label, type: "text"|"int"|"rate"|"date", get(row) → raw, show(row) → node (optional),
 *  rowHeader, csv: [[name, get]] (optional: the CSV columns this column stands for)} */
function buildTable(context, { name, caption, columns, rows, rowData, filename, empty }) {
  const captionId = uid("caption");
  const head = h("tr", {}, columns.map((column) =>
    h("th", { scope: "col", class: cellClass(column) }, column.label)));
  const body = h("tbody");
  for (const row of rows) {
    const cells = columns.map((column) => {
      const value = column.get(row);
      let shown;
      if (column.show) shown = column.show(row);
      else if (column.type === "int") shown = fmtInt(value);
      else if (column.type === "rate") shown = fmtPct(value);
      else if (column.type === "date") shown = fmtDate(value);
      else shown = value === null || value === undefined || value === "" ? DASH : String(value);
      if (column.type === "fraction") {
        return h("td", { class: "num" },
          h("span", { dataset: { col: "numerator", value: raw(value.num) } }, fmtInt(value.num)), " / ",
          h("span", { dataset: { col: "denominator", value: raw(value.den) } }, fmtInt(value.den)));
      }
      const attributes = {
        class: cellClass(column),
        dataset: { col: column.key, value: column.type === "text" && !column.keepValue ? undefined : raw(value) },
      };
      if (column.rowHeader) return h("th", { ...attributes, scope: "row" }, shown);
      return h("td", attributes, shown);
    });
    body.append(h("tr", { dataset: rowData(row) }, cells));
  }
  if (rows.length === 0) {
    body.append(h("tr", { class: "empty" }, h("td", { colspan: columns.length }, empty || "Không có dữ liệu.")));
  }

  const csvColumns = columns.flatMap((column) => column.csv || [[column.key, column.get]]);
  const lines = [csvColumns.map(([header]) => csvField(header)).join(",")];
  for (const row of rows) lines.push(csvColumns.map(([, get]) => csvField(get(row))).join(","));
  const blob = new Blob(["\uFEFF" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
  const href = URL.createObjectURL(blob);
  context.blobs.push(href);

  return h("div", { class: "table-block" },
    h("div", { class: "table-tools" },
      h("a", { class: "csv", href, download: filename, dataset: { table: name } },
        "Tải CSV", h("span", { class: "visually-hidden" }, ": " + caption))),
    h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": captionId },
      h("table", { dataset: { table: name } },
        h("caption", { id: captionId }, caption),
        h("thead", {}, head),
        body)));
}

function compareByRate(rate, key) {
  return (a, b) => {
    const va = rateOf(a, rate), vb = rateOf(b, rate);
    if (va === null && vb === null) return a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    if (va !== vb) return va - vb;
    return a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
  };
}

function rankSelect(state, describedBy) {
  const select = h("select", { id: "rank", name: "rank", "aria-describedby": describedBy },
    Object.entries(RATE_INFO).map(([rate, info]) => h("option", { value: rate }, info.label)));
  select.value = state.rank;
  select.addEventListener("change", () => navigate({ ...readState(), rank: select.value }));
  return h("div", { class: "field rank-field" }, h("label", { for: "rank" }, "Xếp hạng theo tỷ lệ"), select);
}

function navLink(state, text, attributes) {
  return h("a", { ...(attributes || {}), href: stateURL(state), dataset: { nav: "" } }, text);
}

function countColumns() {
  return GROUP_COUNTS.map(([key, label]) => ({
    key, label, type: "int", get: (group) => (group.counts && isNumber(group.counts[key]) ? group.counts[key] : null),
  }));
}

function rateColumns(rates) {
  return rates.map((rate) => ({ key: rate, label: RATE_INFO[rate].label, type: "rate", get: (group) => rateOf(group, rate) }));
}

function section(title, ...children) {
  const id = uid("section");
  return h("section", { class: "block", "aria-labelledby": id }, h("h3", { id }, title), ...children);
}

function fileStem(state) {
  return "motcua-" + state.period + "-" + state.basis + (state.agency ? "-" + state.agency : "");
}

// ---------------------------------------------------------------------------------------------------
// The Decision 766 score card (GET /v1/scores): a reconstruction from the log, never the Portal's score.
// The tiles, the indicators' Vietnamese names and the reasons of the nine outside the log all come from
// the API's `tiles`, `names` and `reasons`; nothing of the index is hard-coded here.

const SCORES_TITLE = "Chỉ số 766 (tái dựng từ nhật ký, không phải điểm Cổng DVCQG công bố)";

/** Points → "18,26" (two decimals, half up on the exact double); null → "—". */
function fmtScore(value) {
  return isNumber(value) ? fixed2(value) : DASH;
}

/** An indicator with a `reason` needs data outside the log: never computed, never counted as 0. */
function isComputable(indicator) {
  return Boolean(indicator) && typeof indicator.reason !== "string";
}

/** A tile's points: the sum of its indicators' non-null points (in the API's order, from 0), or null when
 *  none of its indicators is computable (so a tile wholly outside the log is "—", not 0). */
function tilePoints(card, tile) {
  const indicators = (tile.indicators || []).map((key) => card.indicators[key]);
  if (!indicators.some(isComputable)) return null;
  let sum = 0;
  for (const indicator of indicators) if (indicator && isNumber(indicator.points)) sum += indicator.points;
  return sum;
}

/** The maximum of a tile's indicators that the log supports. */
function tileComputableMax(card, tile) {
  let sum = 0;
  for (const key of tile.indicators || []) {
    const indicator = card.indicators[key];
    if (isComputable(indicator) && isNumber(indicator.max)) sum += indicator.max;
  }
  return sum;
}

/** The /v1/scores answer for a period and basis, by agency; null (with a note) when it cannot be had. */
async function loadScores(period, basis) {
  try {
    return await api("/v1/scores", { period, basis, by: "agency" });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) throw error;
    return { failed: error instanceof ApiError ? error.message : "Lỗi không mong đợi." };
  }
}

/** Agencies of a /v1/scores answer, highest `points` first, ties by code; `rank` shared by equal points. */
function rankScores(scores) {
  const groups = [...((scores && scores.groups) || [])].filter((group) => group.scores766);
  const pointsOf = (group) => (isNumber(group.scores766.points) ? group.scores766.points : null);
  groups.sort((a, b) => {
    const pa = pointsOf(a), pb = pointsOf(b);
    if (pa !== pb) {
      if (pa === null) return 1;
      if (pb === null) return -1;
      return pb - pa;
    }
    return a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0;
  });
  let rank = 0, previous, position = 0;
  return groups.map((group) => {
    position += 1;
    const points = pointsOf(group);
    if (points === null) return { ...group, rank: null };
    if (points !== previous) rank = position;
    previous = points;
    return { ...group, rank };
  });
}

function scoreBar(points, max) {
  const share = isNumber(points) && max > 0 ? Math.max(0, Math.min(1, points / max)) : 0;
  return svg("svg", { class: "score-bar", viewBox: "0 0 100 6", preserveAspectRatio: "none", "aria-hidden": "true",
    focusable: "false" },
  svg("rect", { class: "score-bar-track", x: 0, y: 0, width: 100, height: 6, rx: 1 }),
  share > 0 ? svg("rect", { class: "score-bar-fill", x: 0, y: 0, width: (share * 100).toFixed(2), height: 6, rx: 1 }) : null);
}

function buildIndicator(scores, card, key) {
  const indicator = card.indicators[key] || { max: null, ratio: null, points: null, reason: "" };
  const computable = isComputable(indicator);
  const ratio = isNumber(indicator.ratio) ? indicator.ratio : null;
  const points = isNumber(indicator.points) ? indicator.points : null;
  const max = isNumber(indicator.max) ? indicator.max : null;
  const name = (scores.names && scores.names[key]) || key;
  let note = null;
  if (!computable) {
    const reason = (scores.reasons && scores.reasons[key]) || indicator.reason;
    note = h("p", { class: "indicator-note" }, "Ngoài nhật ký: " + reason + ".");
  } else if (ratio === null) {
    note = h("p", { class: "indicator-note" }, points === null
      ? "mẫu số bằng 0: không có đối tượng để tính trong kỳ, không được điểm."
      : "mẫu số bằng 0: không có đối tượng để tính trong kỳ, được tính " + fmtScore(points) + " điểm.");
  }
  return h("li", {
    class: "indicator" + (computable ? "" : " is-outside") + (computable && ratio === null ? " is-empty" : ""),
    dataset: {
      indicator: key, ratio: raw(ratio), points: raw(points), max: raw(max), computable: String(computable),
    },
  },
  h("p", { class: "indicator-name" }, h("span", { class: "indicator-code" }, key), " ", name),
  h("p", { class: "indicator-figures" },
    h("span", { class: "indicator-ratio-label" }, "Tỷ lệ: "),
    h("span", { class: "indicator-ratio" }, computable ? fmtPct(ratio) : DASH),
    h("span", { class: "indicator-points" }, fmtScore(points) + " / " + fmtInt(max) + " điểm")),
  note);
}

function buildScoreTile(scores, card, tile) {
  const points = tilePoints(card, tile);
  const max = isNumber(tile.max) ? tile.max : null;
  const computableMax = tileComputableMax(card, tile);
  const headingId = uid("score-tile");
  let scope;
  if (points === null) scope = "Ngoài nhật ký: chưa tính được phần điểm nào.";
  else if (computableMax !== max) scope = "Tính được từ nhật ký: tối đa " + fmtInt(computableMax) + " / " + fmtInt(max) + " điểm.";
  else scope = "Tính được toàn bộ từ nhật ký.";
  return h("section", {
    class: "score-tile" + (points === null ? " is-outside" : ""),
    "aria-labelledby": headingId,
    dataset: { tile: String(tile.tile), points: raw(points), max: raw(max), computableMax: String(computableMax) },
  },
  h("h4", { id: headingId, class: "score-tile-label" }, String(tile.tile) + ". " + tile.name),
  h("p", { class: "score-tile-value" }, fmtScore(points) + " / " + fmtInt(max) + " điểm"),
  scoreBar(points, max),
  h("p", { class: "score-tile-scope" }, scope),
  h("ul", { class: "indicators" }, (tile.indicators || []).map((key) => buildIndicator(scores, card, key))));
}

/** The score card of one body: its total, then the Portal's six tiles with their indicators.
 *  `scope` names the body ("toàn thành phố" or the agency), `rank` is {rank, of} or null. */
function buildScoreCard(scores, card, scope, rank) {
  const label = describePeriod(scores.period && scores.period.label);
  const computableMax = isNumber(card.computableMax) ? card.computableMax : null;
  const max = isNumber(card.max) ? card.max : null;
  const summary = h("div", {
    class: "score-summary",
    dataset: {
      scoresPoints: raw(isNumber(card.points) ? card.points : null), computableMax: raw(computableMax),
      max: raw(max), label: raw(card.label),
    },
  },
  h("p", { class: "score-total" },
    h("span", { class: "score-total-value" }, fmtScore(card.points)),
    " / " + fmtInt(computableMax) + " điểm tính được từ nhật ký"),
  h("p", { class: "score-scale" }, "Thang điểm của Cổng: " + fmtInt(max) + " điểm; " +
    (max !== null && computableMax !== null ? fmtInt(max - computableMax) + " điểm " : "phần ") +
    "cần dữ liệu ngoài nhật ký (tô xám) không được tính."),
  rank && rank.rank !== null ? h("p", { class: "score-rank", dataset: { scoreRank: String(rank.rank) } },
    "Xếp hạng " + fmtInt(rank.rank) + " / " + fmtInt(rank.of) + " cơ quan theo điểm tính được.") : null);
  return [
    h("p", { class: "note" }, "Điểm theo bộ chỉ số Quyết định 766/QĐ-TTg của " + scope + ", " + label +
      ", tính lại từ các sự kiện trong nhật ký hồ sơ. Đây không phải điểm Cổng Dịch vụ công quốc gia công bố: " +
      "chỉ 9 trên 18 chỉ số có đủ dữ liệu trong nhật ký."),
    summary,
    h("div", { class: "score-tiles" }, (scores.tiles || []).map((tile) => buildScoreTile(scores, card, tile))),
  ];
}

function scoresSection(content) {
  return h("section", { class: "block scores", id: "scores766", "aria-labelledby": "scores766-heading" },
    h("h3", { id: "scores766-heading" }, SCORES_TITLE), ...content);
}

function buildScoreRanking(context, state, scores, index) {
  const ranked = rankScores(scores);
  const label = describePeriod(scores.period && scores.period.label);
  const tiles = (scores.tiles || []).filter((tile) =>
    (tile.indicators || []).some((key) => ranked.some((group) => isComputable(group.scores766.indicators[key]))));
  const computableKeys = [];
  for (const tile of scores.tiles || []) {
    for (const key of tile.indicators || []) {
      if (ranked.some((group) => isComputable(group.scores766.indicators[key]))) computableKeys.push(key);
    }
  }
  const indicatorOf = (group, key) => group.scores766.indicators[key] || {};
  const columns = [
    { key: "rank", label: "Hạng", type: "int", get: (group) => group.rank },
    {
      key: "agency", label: "Cơ quan", type: "text", wide: true, rowHeader: true, keepValue: true,
      get: (group) => group.agency,
      show: (group) => [
        navLink({ ...state, agency: group.agency }, agencyName(index, group.agency), { class: "agency-link" }),
        h("small", { class: "code" }, group.agency),
      ],
      csv: [["agency", (group) => group.agency], ["agencyName", (group) => agencyName(index, group.agency)]],
    },
    {
      key: "points", label: "Điểm tính được (tối đa 56)", type: "score",
      get: (group) => (isNumber(group.scores766.points) ? group.scores766.points : null),
      show: (group) => fmtScore(group.scores766.points),
      // The CSV also carries every computable indicator's raw ratio and points.
      csv: [
        ["points", (group) => group.scores766.points],
        ["computableMax", (group) => group.scores766.computableMax],
        ["max", (group) => group.scores766.max],
        ...computableKeys.flatMap((key) => [
          [key + " ratio", (group) => indicatorOf(group, key).ratio],
          [key + " points", (group) => indicatorOf(group, key).points],
        ]),
      ],
    },
    ...tiles.map((tile) => ({
      key: "tile-" + tile.tile, label: String(tile.tile) + ". " + tile.name + " (" + fmtInt(tile.max) + ")", type: "score",
      get: (group) => tilePoints(group.scores766, tile),
      show: (group) => fmtScore(tilePoints(group.scores766, tile)),
    })),
  ];
  return section("Xếp hạng cơ quan theo chỉ số 766 (tái dựng)",
    h("p", { class: "note" }, "Cao nhất đứng đầu; bằng điểm thì xếp theo mã cơ quan. Điểm là phần tính được từ nhật ký " +
      "(tối đa 56 trên thang 100), không phải điểm Cổng Dịch vụ công quốc gia công bố. " +
      "Bấm tên cơ quan để xem thẻ điểm của cơ quan."),
    buildTable(context, {
      name: "score-ranking",
      caption: "Xếp hạng " + fmtInt(ranked.length) + " cơ quan theo điểm chỉ số 766 tính được, " + label +
        " (cao nhất trước)",
      columns, rows: ranked,
      rowData: (group) => ({ agency: group.agency, value: raw(group.scores766.points), rank: raw(group.rank) }),
      filename: fileStem(state) + "-xep-hang-chi-so-766.csv",
    }));
}

// ---------------------------------------------------------------------------------------------------
// Views.

async function loadCatalogue() {
  try {
    return indexCatalogue(await api("/v1/catalogue"));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) throw error;
    return indexCatalogue(EMPTY_CATALOGUE);
  }
}

async function loadPrevious(label, basis, agency) {
  if (!label) return null;
  try {
    return await api("/v1/kpi", { period: label, basis, agency });
  } catch (error) {
    return null;
  }
}

async function buildOverview(state, context) {
  const { period, basis } = state;
  const previousLabel = previousPeriod(period);
  const year = yearOf(period);
  const [report, index, previous, series, scores] = await Promise.all([
    api("/v1/kpi", { period, basis, by: "agency" }),
    loadCatalogue(),
    loadPrevious(previousLabel, basis, null),
    year ? api("/v1/kpi/series", { from: year + "-01", to: year + "-12", basis }) : null,
    loadScores(period, basis),
  ]);
  context.summary = "Đã tải số liệu toàn thành phố, " + describePeriod(report.period.label) + ".";
  context.title = "Toàn thành phố, " + describePeriod(report.period.label);

  const rate = state.rank, info = RATE_INFO[rate];
  const groups = [...(report.groups || [])].sort(compareByRate(rate, "agency"));
  let rank = 0;
  const ranked = groups.map((group) => ({ ...group, rank: rateOf(group, rate) === null ? null : (rank += 1) }));
  const rankNoteId = uid("rank-note");
  const columns = [
    { key: "rank", label: "Hạng", type: "int", get: (group) => group.rank },
    {
      key: "agency", label: "Cơ quan", type: "text", wide: true, rowHeader: true, keepValue: true,
      get: (group) => group.agency,
      show: (group) => [
        navLink({ ...state, agency: group.agency }, agencyName(index, group.agency), { class: "agency-link" }),
        h("small", { class: "code" }, group.agency),
      ],
      csv: [["agency", (group) => group.agency], ["agencyName", (group) => agencyName(index, group.agency)]],
    },
    { key: rate, label: info.label, type: "rate", get: (group) => rateOf(group, rate) },
    {
      key: "fraction", label: info.numLabel + " / " + info.denLabel, type: "fraction",
      get: (group) => fraction(group, rate),
      csv: [["numerator", (group) => fraction(group, rate).num], ["denominator", (group) => fraction(group, rate).den]],
    },
    ...countColumns(),
  ];

  return [
    h("h2", { class: "view-title", tabindex: "-1" }, "Toàn thành phố: " + describePeriod(report.period.label)),
    periodLine(report),
    index.missing ? h("p", { class: "note" }, "Không tải được danh mục cơ quan: cơ quan hiện theo mã.") : null,
    section("Chỉ tiêu kế hoạch", buildTiles(report, previous, previousLabel)),
    series ? section("Diễn biến theo tháng, năm " + year,
      h("p", { class: "note" }, "Mỗi điểm là một tháng (" + describeBasis(basis) +
        "); đường nét đứt là chỉ tiêu; tháng chưa có số liệu để trống."),
      buildCharts(series, report, null)) : null,
    section("Xếp hạng cơ quan",
      rankSelect(state, rankNoteId),
      h("p", { class: "note", id: rankNoteId }, "Thấp nhất đứng đầu; cơ quan chưa có số liệu của tỷ lệ này ở cuối. " +
        "Bấm tên cơ quan để xem chi tiết và danh sách hồ sơ quá hạn."),
      buildTable(context, {
        name: "ranking",
        caption: "Xếp hạng " + fmtInt(ranked.length) + " cơ quan theo “" + info.label + "”, " +
          describePeriod(report.period.label) + " (thấp nhất trước)",
        columns, rows: ranked,
        rowData: (group) => ({ agency: group.agency, value: raw(rateOf(group, rate)), rank: raw(group.rank) }),
        filename: fileStem(state) + "-xep-hang-" + rate + ".csv",
      })),
    scores.failed
      ? scoresSection([h("p", { class: "note" }, "Không tải được chỉ số 766: " + scores.failed)])
      : scoresSection(buildScoreCard(scores, scores.total.scores766, "toàn thành phố", null)),
    scores.failed ? null : buildScoreRanking(context, state, scores, index),
  ];
}

async function buildAgency(state, context) {
  const { period, basis, agency, rank: rate } = state;
  const previousLabel = previousPeriod(period);
  const year = yearOf(period);
  const [index, report, previous, series, byProcedure, byField, late, scores] = await Promise.all([
    loadCatalogue(),
    api("/v1/kpi", { period, basis, agency }),
    loadPrevious(previousLabel, basis, agency),
    year ? api("/v1/kpi/series", { from: year + "-01", to: year + "-12", basis, agency }) : null,
    api("/v1/kpi", { period, basis, by: "procedure", agency }),
    api("/v1/kpi", { period, basis, by: "field", agency }),
    api("/v1/kpi/late", { period, basis, agency }),
    loadScores(period, basis),
  ]);
  const name = agencyName(index, agency);
  const entry = index.agencies.get(agency);
  const label = describePeriod(report.period.label);
  context.summary = "Đã tải số liệu của " + name + ", " + label + ".";
  context.title = name + ", " + label;
  const info = RATE_INFO[rate];
  const overview = { ...state, agency: null };

  const facts = [];
  if (entry && LEVELS[entry.level]) facts.push(LEVELS[entry.level]);
  if (entry && entry.parent) {
    facts.push(h("span", {}, "trực thuộc ",
      navLink({ ...state, agency: entry.parent }, agencyName(index, entry.parent))));
  }
  if (entry && entry.successor) {
    facts.push(h("span", {}, "đã sáp nhập vào ",
      navLink({ ...state, agency: entry.successor }, agencyName(index, entry.successor))));
  }
  if (!entry) facts.push("không có trong danh mục cơ quan");
  const factsLine = h("p", { class: "agency-facts" }, h("span", { class: "code" }, "Mã " + agency));
  for (const fact of facts) factsLine.append(" · ", fact);

  const rates = TARGET_RATES.includes(rate) ? TARGET_RATES : [rate, ...TARGET_RATES];
  const fieldSector = new Map();
  for (const procedure of index.procedures.values()) {
    if (procedure.field && !fieldSector.has(procedure.field)) fieldSector.set(procedure.field, procedure.sector);
  }
  const procedureColumns = [
    {
      key: "procedure", label: "Thủ tục", type: "text", wide: true, rowHeader: true, keepValue: true,
      get: (group) => group.procedure,
      show: (group) => [procedureName(index, group.procedure), h("small", { class: "code" }, group.procedure)],
      csv: [["procedure", (group) => group.procedure], ["procedureName", (group) => procedureName(index, group.procedure)]],
    },
    {
      key: "field", label: "Lĩnh vực", type: "text",
      get: (group) => (index.procedures.get(group.procedure) || {}).field || null,
    },
    ...countColumns(),
    ...rateColumns(rates),
  ];
  const fieldColumns = [
    {
      key: "field", label: "Lĩnh vực", type: "text", wide: true, rowHeader: true, keepValue: true,
      get: (group) => group.field,
      show: (group) => [FIELDS[group.field] || group.field, h("small", { class: "code" }, group.field)],
      csv: [["field", (group) => group.field], ["fieldName", (group) => FIELDS[group.field] || ""]],
    },
    {
      key: "sector", label: "Ngành", type: "text", wide: true,
      get: (group) => fieldSector.get(group.field) || null,
      show: (group) => {
        const sector = fieldSector.get(group.field);
        return sector ? SECTORS[sector] || sector : DASH;
      },
    },
    ...countColumns(),
    ...rateColumns(rates),
  ];
  const procedures = [...(byProcedure.groups || [])].sort(compareByRate(rate, "procedure"));
  const fields = [...(byField.groups || [])].sort(compareByRate(rate, "field"));

  const dossiers = (late.dossiers && late.dossiers.items) || [];
  const dossierTotal = late.dossiers && isNumber(late.dossiers.total) ? late.dossiers.total : dossiers.length;
  const complaints = (late.complaints && late.complaints.items) || [];
  const complaintTotal = late.complaints && isNumber(late.complaints.total) ? late.complaints.total : complaints.length;
  const lateColumns = [
    { key: "dossier", label: "Mã hồ sơ", type: "text", nowrap: true, rowHeader: true, keepValue: true, get: (item) => item.dossier },
    {
      key: "procedure", label: "Thủ tục", type: "text", wide: true, keepValue: true, get: (item) => item.procedure,
      show: (item) => [procedureName(index, item.procedure), h("small", { class: "code" }, item.procedure)],
      csv: [["procedure", (item) => item.procedure], ["procedureName", (item) => procedureName(index, item.procedure)]],
    },
    { key: "receivedAt", label: "Ngày tiếp nhận", type: "date", get: (item) => item.receivedAt },
    { key: "due", label: "Hạn giải quyết", type: "date", get: (item) => item.due },
    {
      key: "endedAt", label: "Ngày kết thúc", type: "date", get: (item) => item.endedAt,
      show: (item) => (item.endedAt ? fmtDate(item.endedAt) : "Chưa kết thúc"),
    },
    { key: "daysLate", label: "Quá hạn (ngày làm việc)", type: "int", get: (item) => item.daysLate },
    {
      key: "status", label: "Trạng thái", type: "text", keepValue: true, get: (item) => item.status,
      show: (item) => (DOSSIER_STATUS[item.status] || item.status) + (item.overdue ? " (đang quá hạn)" : ""),
      csv: [["status", (item) => item.status], ["overdue", (item) => item.overdue]],
    },
    {
      key: "agency", label: "Cơ quan giữ hồ sơ", type: "text", keepValue: true, get: (item) => item.agency,
      show: (item) => agencyName(index, item.agency),
      csv: [["agency", (item) => item.agency], ["agencyName", (item) => agencyName(index, item.agency)]],
    },
    { key: "apologies", label: "Thư xin lỗi", type: "int", get: (item) => item.apologies },
    { key: "supplements", label: "Lần bổ sung", type: "int", get: (item) => item.supplements },
  ];
  const complaintColumns = [
    { key: "complaint", label: "Mã PAKN", type: "text", nowrap: true, rowHeader: true, keepValue: true, get: (item) => item.complaint },
    {
      key: "procedure", label: "Thủ tục", type: "text", wide: true, keepValue: true, get: (item) => item.procedure,
      show: (item) => (item.procedure
        ? [procedureName(index, item.procedure), h("small", { class: "code" }, item.procedure)] : "Không gắn thủ tục"),
      csv: [["procedure", (item) => item.procedure], ["procedureName", (item) => (item.procedure ? procedureName(index, item.procedure) : "")]],
    },
    { key: "receivedAt", label: "Ngày tiếp nhận", type: "date", get: (item) => item.receivedAt },
    { key: "deadline", label: "Hạn xử lý", type: "date", get: (item) => item.deadline },
    { key: "daysLate", label: "Quá hạn (ngày làm việc)", type: "int", get: (item) => item.daysLate },
    {
      key: "agency", label: "Cơ quan đang xử lý", type: "text", keepValue: true, get: (item) => item.agency,
      show: (item) => agencyName(index, item.agency),
      csv: [["agency", (item) => item.agency], ["agencyName", (item) => agencyName(index, item.agency)]],
    },
    {
      key: "status", label: "Trạng thái", type: "text", wide: true, keepValue: true, get: (item) => item.status,
      show: (item) => COMPLAINT_STATUS[item.status] || item.status,
    },
  ];
  const shown = (count, total, noun) => (count < total
    ? " (hiển thị " + fmtInt(count) + " trên tổng số " + fmtInt(total) + " " + noun + ")"
    : " (" + fmtInt(total) + " " + noun + ")");
  const rankNoteId = uid("rank-note");

  // The agency's score card is its group of /v1/scores?by=agency (the one the overview's ranking shows):
  // with `&agency=`, the total's 3.1 and 3.2 would be taken over the whole catalogue instead.
  let scoreCard;
  if (scores.failed) {
    scoreCard = scoresSection([h("p", { class: "note" }, "Không tải được chỉ số 766: " + scores.failed)]);
  } else {
    const ranked = rankScores(scores);
    const mine = ranked.find((group) => group.agency === agency);
    scoreCard = mine
      ? scoresSection(buildScoreCard(scores, mine.scores766, name, { rank: mine.rank, of: ranked.length }))
      : scoresSection([h("p", { class: "note score-none" }, name + " không có trong báo cáo " + label +
        " (không có hồ sơ hay phản ánh, kiến nghị nào thuộc kỳ), nên không có thẻ điểm chỉ số 766 của kỳ này.")]);
  }

  return [
    h("p", { class: "back" }, navLink(overview, "← Về tổng quan toàn thành phố")),
    h("h2", { class: "view-title", tabindex: "-1" }, name),
    factsLine,
    periodLine(report),
    section("Chỉ tiêu kế hoạch", buildTiles(report, previous, previousLabel)),
    series ? section("Diễn biến theo tháng, năm " + year,
      h("p", { class: "note" }, "Mỗi điểm là một tháng (" + describeBasis(basis) +
        "); đường nét đứt là chỉ tiêu; tháng chưa có số liệu để trống."),
      buildCharts(series, report, agency)) : null,
    scoreCard,
    section("Theo thủ tục",
      rankSelect(state, rankNoteId),
      h("p", { class: "note", id: rankNoteId }, "Bảng theo thủ tục và theo lĩnh vực xếp theo tỷ lệ đã chọn, thấp nhất đứng đầu."),
      buildTable(context, {
        name: "procedures",
        caption: "Số liệu theo thủ tục của " + name + ", " + label,
        columns: procedureColumns, rows: procedures,
        rowData: (group) => ({ procedure: group.procedure, value: raw(rateOf(group, rate)) }),
        filename: fileStem(state) + "-thu-tuc.csv",
      })),
    section("Theo lĩnh vực",
      buildTable(context, {
        name: "fields",
        caption: "Số liệu theo lĩnh vực của " + name + ", " + label,
        columns: fieldColumns, rows: fields,
        rowData: (group) => ({ field: group.field, value: raw(rateOf(group, rate)) }),
        filename: fileStem(state) + "-linh-vuc.csv",
      })),
    h("section", { class: "block", id: "late", "aria-labelledby": "late-heading" },
      h("h3", { id: "late-heading" }, "Hồ sơ giải quyết quá hạn và đang quá hạn"),
      h("p", { class: "note" }, "Hồ sơ đã giải quyết quá hạn trong kỳ và hồ sơ chưa giải quyết đã quá hạn tại thời điểm " +
        fmtInstant(late.evaluatedAt || report.evaluatedAt) + "; quá hạn nhiều nhất đứng đầu."),
      buildTable(context, {
        name: "late",
        caption: "Hồ sơ quá hạn của " + name + ", " + label + shown(dossiers.length, dossierTotal, "hồ sơ"),
        columns: lateColumns, rows: dossiers,
        rowData: (item) => ({ dossier: item.dossier, overdue: raw(item.overdue) }),
        filename: fileStem(state) + "-ho-so-qua-han.csv",
        empty: "Không có hồ sơ quá hạn trong kỳ.",
      })),
    h("section", { class: "block", id: "complaints", "aria-labelledby": "complaints-heading" },
      h("h3", { id: "complaints-heading" }, "Phản ánh, kiến nghị chưa xử lý đã quá hạn"),
      buildTable(context, {
        name: "complaints",
        caption: "PAKN quá hạn của " + name + ", " + label + shown(complaints.length, complaintTotal, "PAKN"),
        columns: complaintColumns, rows: complaints,
        rowData: (item) => ({ complaint: item.complaint }),
        filename: fileStem(state) + "-pakn-qua-han.csv",
        empty: "Không có phản ánh, kiến nghị nào quá hạn.",
      })),
    h("p", { class: "back back-bottom" }, navLink(overview, "← Về tổng quan toàn thành phố")),
  ];
}

// ---------------------------------------------------------------------------------------------------
// Rendering.

let generation = 0;
let liveBlobs = [];
let rendered = null;

async function render() {
  generation += 1;
  const mine = generation;
  const state = readState();
  syncForm(state);
  const main = document.getElementById("content");
  main.dataset.state = "loading";
  main.setAttribute("aria-busy", "true");
  setStatus("Đang tải số liệu…", "loading");
  const context = { blobs: [], summary: "", title: "" };
  let nodes, failure = null;
  try {
    nodes = state.agency ? await buildAgency(state, context) : await buildOverview(state, context);
  } catch (error) {
    failure = error;
  }
  if (mine !== generation) {
    for (const url of context.blobs) URL.revokeObjectURL(url);
    return;
  }
  const view = state.agency ? "agency" : "overview";
  const sameView = rendered !== null && rendered.view === view && rendered.period === state.period &&
    rendered.basis === state.basis && rendered.agency === state.agency;
  const focused = document.activeElement && document.activeElement.id;
  for (const url of liveBlobs) URL.revokeObjectURL(url);
  liveBlobs = context.blobs;
  main.removeAttribute("aria-busy");
  main.dataset.view = view;
  main.dataset.period = state.period;
  main.dataset.basis = state.basis;
  main.dataset.agency = state.agency || "";
  if (failure) {
    const message = failure instanceof ApiError ? failure.message : "Lỗi không mong đợi khi hiển thị số liệu.";
    main.replaceChildren(
      h("h2", { class: "view-title", tabindex: "-1" }, "Không tải được số liệu"),
      h("p", { class: "error-text" }, message),
      h("p", {}, "Kiểm tra kỳ báo cáo (ví dụ 2025-Q2) rồi bấm “Xem số liệu”, hoặc ",
        navLink({ ...state, agency: null, period: currentQuarter(new Date()) }, "xem quý hiện tại"), "."));
    main.dataset.state = "error";
    setStatus("Lỗi: " + message, "error");
    document.title = "Lỗi: MotCua";
    rendered = null;
    return;
  }
  main.replaceChildren(...nodes.filter((node) => node));
  main.dataset.state = "ready";
  setStatus(context.summary, "done");
  document.title = context.title + ": MotCua";
  if (sameView) {
    const again = focused && document.getElementById(focused);
    if (again) again.focus({ preventScroll: true });
  } else if (rendered !== null) {
    window.scrollTo(0, 0);
    const title = main.querySelector(".view-title");
    if (title) title.focus({ preventScroll: true });
  }
  rendered = { view, period: state.period, basis: state.basis, agency: state.agency };
}

function start() {
  const token = document.getElementById("token");
  token.value = storedToken();
  document.getElementById("query").addEventListener("submit", (event) => {
    event.preventDefault();
    storeToken(token.value.trim());
    answers.clear();
    const current = readState();
    const period = document.getElementById("period").value.trim() || currentQuarter(new Date());
    navigate({ ...current, period, basis: document.getElementById("basis").value });
  });
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-nav]") : null;
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    history.pushState(null, "", link.getAttribute("href"));
    render();
  });
  window.addEventListener("popstate", () => render());
  render();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
