import Foundation
import Hummingbird
import Logging
import MotCuaDomain
import MotCuaProjections
import MotCuaStore
import Prometheus

extension MotCuaServer {
    func addReadRoutes(to router: Router<ServerContext>) {
        router.get("/v1/streams/:kind/:code") { request, context in try await getStream(request, context) }
        router.get("/v1/verify") { _, context in try await verify(context) }
        router.get("/v1/kpi") { request, context in try await kpi(request, context) }
        router.get("/v1/kpi/series") { request, context in try await kpiSeries(request, context) }
        router.get("/v1/kpi/late") { request, context in try await kpiLate(request, context) }
        router.get("/v1/catalogue") { _, context in try await catalogue(context) }
        router.get("/v1/scores") { request, context in try await scores(request, context) }
        router.get("/v1/dossiers") { request, context in try await dossiers(request, context) }
        router.get("/v1/checkpoint") { _, context in try await checkpoint(context) }
        router.get("/v1/proofs/inclusion") { request, context in try await inclusionProof(request, context) }
        router.get("/v1/proofs/consistency") { request, context in try await consistencyProof(request, context) }
    }

    /// GET /v1/checkpoint: the latest signed checkpoint, as the C2SP signed note (text/plain).
    func checkpoint(_ context: ServerContext) async throws -> Response {
        try requireKPIReader(context, for: "reading the log's checkpoint")
        guard let checkpoint = try await store.latestSignedCheckpoint() else {
            throw Problem(
                .notFound, code: .noCheckpoint, title: "No checkpoint",
                detail: "no checkpoint was signed yet: run motcua checkpoint --key FILE, or serve --signing-key FILE")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: checkpoint.note)))
    }

    /// GET /v1/proofs/inclusion?position=P&size=N: the audit path of event P in the tree of N events.
    func inclusionProof(_ request: Request, _ context: ServerContext) async throws -> RawJSON {
        try requireKPIReader(context, for: "reading proofs")
        let parameters = request.uri.queryParameters
        let position = try Self.count("position", parameters.get("position"), minimum: 1)
        let size = try Self.count("size", parameters.get("size"), minimum: 1)
        let hashes = try await store.inclusionProof(position: position, size: size)
        return RawJSON(ProofJSON.inclusion(position: position, size: size, hashes: hashes))
    }

    /// GET /v1/proofs/consistency?from=M&to=N: the proof that the tree of M events is a prefix of N's.
    func consistencyProof(_ request: Request, _ context: ServerContext) async throws -> RawJSON {
        try requireKPIReader(context, for: "reading proofs")
        let parameters = request.uri.queryParameters
        let from = try Self.count("from", parameters.get("from"), minimum: 0)
        let to = try Self.count("to", parameters.get("to"), minimum: 0)
        let hashes = try await store.consistencyProof(from: from, to: to)
        return RawJSON(ProofJSON.consistency(from: from, to: to, hashes: hashes))
    }

    /// A required whole-number parameter.
    static func count(_ name: String, _ text: String?, minimum: Int64) throws -> Int64 {
        guard let text else { throw Problem.badParameter(name, "\(name) is required") }
        guard let value = Int64(text), value >= minimum, String(value) == text else {
            throw Problem.badParameter(name, "\(name) must be a whole number ≥ \(minimum)")
        }
        return value
    }

    /// GET /v1/streams/{kind}/{code}: one stream's recorded events and, for a dossier or complaint,
    /// where it stands now.
    func getStream(_ request: Request, _ context: ServerContext) async throws -> StreamResponse {
        _ = try context.require(.auditor, .admin, for: "reading a stream")
        let kindText = context.parameters.get("kind") ?? ""
        let codeText = context.parameters.get("code") ?? ""
        guard let kind = StreamKind(rawValue: kindText) else {
            throw Problem.badParameter("kind", "the stream kind must be agency, procedure, dossier or complaint")
        }
        guard let code = Code(codeText) else {
            throw Problem.badParameter("code", "a code is 1–64 characters of A–Z, a–z, 0–9, '.', '_' and '-'")
        }
        let stream = StreamID(kind, code)
        let records = try await store.read(stream: stream)
        guard !records.isEmpty else {
            throw Problem(
                .notFound, code: .streamNotFound, title: "Stream not found", detail: "\(stream) has no events")
        }
        let now = configuration.clock()
        let state: StreamResponse.State?
        switch kind {
        case .dossier:
            state = try await live.read { $0.dossier(code, at: now) }.map { .dossier(DossierJSON($0)) }
        case .complaint:
            state = try await live.read { $0.complaint(code, at: now) }.map { .complaint(ComplaintJSON($0)) }
        case .agency, .procedure:
            state = nil
        }
        return StreamResponse(
            stream: stream.description, version: records.count, state: state,
            events: records.map { RawJSON($0.exportLine) })
    }

    /// GET /v1/verify: the whole chain recomputed (DESIGN.md: the auditor's check).
    func verify(_ context: ServerContext) async throws -> VerifyResponse {
        _ = try context.require(.auditor, .admin, for: "verifying the log")
        switch try await ChainVerifier().verify(store) {
        case .intact(let head, let events, let root):
            return VerifyResponse(
                intact: true, events: events,
                head: .init(
                    position: head.position, hash: HashChain.hexString(head.hash),
                    root: Data(root).base64EncodedString()))
        case .broken(let position, let reason):
            context.logger.error("verification failed at position \(position): \(reason)")
            return VerifyResponse(intact: false, position: position, reason: reason)
        }
    }

    /// GET /v1/kpi: the projections' report, the same JSON as `motcua kpi --format json`.
    func kpi(_ request: Request, _ context: ServerContext) async throws -> Response {
        try requireKPIReader(context, for: "reading KPIs")
        let parameters = request.uri.queryParameters
        let query = try Self.kpiQuery { parameters.get($0) }
        let report = try await live.report(query)
        // The log state the report reflects, as a signed checkpoint names it: the tree of its first
        // `position` events.
        var response = RawJSON(report.json).response(from: request, context: context)
        response.headers[.init("MotCua-Tree-Size")!] = String(report.position)
        response.headers[.init("MotCua-Tree-Root")!] =
            Data(try await treeRoots.root(size: report.position, of: store)).base64EncodedString()
        return response
    }

    /// The most months one series covers.
    static let maximumSeriesMonths = 36

    /// GET /v1/kpi/series?from=YYYY-MM&to=YYYY-MM: the `/v1/kpi` report of each month from `from` to `to`
    /// (other parameters as `/v1/kpi` takes them, `period` aside).
    func kpiSeries(_ request: Request, _ context: ServerContext) async throws -> KPISeriesResponse {
        try requireKPIReader(context, for: "reading KPIs")
        let parameters = request.uri.queryParameters
        func month(_ name: String) throws -> (year: Int, month: Int, text: String) {
            guard let text = parameters.get(name) else { throw Problem.badParameter(name, "\(name) is required") }
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
                let month = Int(parts[1]), (2000...2099).contains(year), (1...12).contains(month),
                parts.allSatisfy({ $0.allSatisfy(\.isASCII) })
            else {
                throw Problem.badParameter(name, "\(name) must be a month YYYY-MM of the years 2000–2099")
            }
            return (year, month, text)
        }
        let (from, to) = (try month("from"), try month("to"))
        let first = from.year * 12 + from.month - 1
        let last = to.year * 12 + to.month - 1
        guard first <= last else { throw Problem.badParameter("to", "to must not be before from") }
        guard last - first < Self.maximumSeriesMonths else {
            throw Problem.badParameter("to", "a series covers at most \(Self.maximumSeriesMonths) months")
        }
        var reports: [RawJSON] = []
        var grouping: String?
        var agency: String?
        for index in first...last {
            let label = String(format: "%04d-%02d", index / 12, index % 12 + 1)
            let query = try Self.kpiQuery { $0 == "period" ? label : parameters.get($0) }
            grouping = query.grouping?.rawValue
            agency = query.agency?.rawValue
            let report = try await live.report(query).json
            reports.append(RawJSON(report.dropLast()))  // less its newline
        }
        return KPISeriesResponse(
            from: from.text, to: to.text, basis: parameters.get("basis") ?? "report", by: grouping, agency: agency,
            reports: reports)
    }

    /// GET /v1/kpi/late?period=…: the dossiers a report counts late or in process late, and the complaints
    /// it counts in process past their limit, most days late first (`limit` of each, default 500).
    func kpiLate(_ request: Request, _ context: ServerContext) async throws -> LateListResponse {
        try requireKPIReader(context, for: "reading KPIs")
        let parameters = request.uri.queryParameters
        let query = try Self.kpiQuery { parameters.get($0) }
        let limit = Int(try integer(parameters.get("limit"), name: "limit", default: 500, range: 1...5_000))
        let list = try await live.read { $0.lateList(query, limit: limit) }
        return LateListResponse(
            period: PeriodJSON(query.period), evaluatedAt: list.evaluatedAt.vietnamRFC3339Nanoseconds,
            position: list.position, agency: query.agency?.rawValue,
            dossiers: .init(total: list.dossierTotal, items: list.dossiers.map(DossierJSON.init)),
            complaints: .init(total: list.complaintTotal, items: list.complaints.map(LateListResponse.Complaint.init)))
    }

    /// GET /v1/scores?period=…&by=…: the Decision 766 score cards of the `/v1/kpi` report (the same
    /// `scores766` objects), with the tiles, the indicators' Vietnamese names and, for those outside the log,
    /// why in Vietnamese: what the dashboard shows.
    func scores(_ request: Request, _ context: ServerContext) async throws -> ScoresResponse {
        try requireKPIReader(context, for: "reading KPIs")
        let parameters = request.uri.queryParameters
        let query = try Self.kpiQuery { parameters.get($0) }
        let report = try await live.report(query)
        let key = query.grouping?.rawValue ?? "key"
        return ScoresResponse(
            period: PeriodJSON(query.period), evaluatedAt: report.evaluatedAt.vietnamRFC3339Nanoseconds,
            position: report.position, by: query.grouping?.rawValue,
            tiles: Scores766.tiles.map(ScoresResponse.Tile.init),
            names: Scores766.names,
            reasons: Dictionary(uniqueKeysWithValues: Scores766.vietnameseReasons.map { ($0.number, $0.reason) }),
            groups: report.groups.map { .init(keyName: key, key: $0.key, scores766: RawJSON($0.scores.json)) },
            total: .init(scores766: RawJSON(report.scores.json)))
    }

    /// GET /v1/catalogue: every registered agency and published procedure with its name, by code.
    func catalogue(_ context: ServerContext) async throws -> CatalogueResponse {
        try requireKPIReader(context, for: "reading the catalogue")
        let (position, catalogue) = try await live.read { ($0.position, $0.catalogue) }
        return CatalogueResponse(
            position: position, agencies: catalogue.agencies.map(CatalogueResponse.Agency.init),
            procedures: catalogue.procedures.map(CatalogueResponse.Procedure.init))
    }

    /// GET /v1/dossiers?agency=&status=overdue: open dossiers past due now, earliest due first.
    func dossiers(_ request: Request, _ context: ServerContext) async throws -> OverdueDossiersResponse {
        let caller = try context.require(.center, .auditor, .admin, for: "listing dossiers")
        let parameters = request.uri.queryParameters
        let status = parameters.get("status") ?? "overdue"
        guard status == "overdue" else { throw Problem.badParameter("status", "status must be overdue") }
        var agencies: Set<Code>?
        if let text = parameters.get("agency") {
            guard let code = Code(text) else { throw Problem.badParameter("agency", "agency must be an agency code") }
            agencies = [code]
        }
        if caller.role == .center {
            if let agencies, !agencies.isSubset(of: caller.agencies) {
                throw Problem.forbidden("this token does not cover agency \(agencies.first!)")
            }
            agencies = agencies ?? caller.agencies
        }
        let now = configuration.clock()
        let list = try await live.read { [agencies] in $0.overdueDossiers(heldBy: agencies, at: now) }
        return OverdueDossiersResponse(
            asOf: now.vietnamRFC3339, status: status, agency: parameters.get("agency"),
            dossiers: list.map(DossierJSON.init))
    }

    /// The report query that parameters describe (`KPIQuery(parameter:)`), or 400 naming the bad one.
    static func kpiQuery(_ value: (String) -> String?) throws -> KPIQuery {
        do {
            return try KPIQuery(parameter: value)
        } catch {
            throw Problem.badParameter(error.name, error.message)
        }
    }

    /// KPIs are public with `--public-kpi`; otherwise any valid token reads them.
    func requireKPIReader(_ context: ServerContext, for action: String) throws {
        if context.caller == nil && !configuration.publicKPI {
            throw Problem.unauthenticated("\(action) needs a bearer token (any role)")
        }
    }
}
