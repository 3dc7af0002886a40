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
        router.get("/v1/dossiers") { request, context in try await dossiers(request, context) }
    }

    /// GET /v1/streams/{kind}/{code}: one stream's recorded events and, for a dossier or complaint,
    /// where it stands now.
    func getStream(_ request: Request, _ context: ServerContext) async throws -> Response {
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
                .notFound, code: "stream-not-found", title: "Stream not found", detail: "\(stream) has no events")
        }
        let now = configuration.clock()
        let state: String
        switch kind {
        case .dossier:
            state = try await live.read { $0.dossier(code, at: now) }.map(dossierJSON) ?? "null"
        case .complaint:
            state = try await live.read { $0.complaint(code, at: now) }.map(complaintJSON) ?? "null"
        case .agency, .procedure:
            state = "null"
        }
        let events = records.map { String(decoding: $0.exportLine, as: UTF8.self) }
        return json(
            JSONText.object([
                ("stream", JSONText.string(stream.description)), ("version", String(records.count)),
                ("state", state), ("events", JSONText.array(events)),
            ]))
    }

    /// GET /v1/verify: the whole chain recomputed (DESIGN.md: the auditor's check).
    func verify(_ context: ServerContext) async throws -> Response {
        _ = try context.require(.auditor, .admin, for: "verifying the log")
        switch try await ChainVerifier().verify(store) {
        case .intact(let head, let events):
            return json(
                JSONText.object([
                    ("intact", "true"), ("events", String(events)),
                    (
                        "head",
                        JSONText.object([
                            ("position", String(head.position)),
                            ("hash", JSONText.string(HashChain.hexString(head.hash))),
                        ])
                    ),
                ]))
        case .broken(let position, let reason):
            context.logger.error("verification failed at position \(position): \(reason)")
            return json(
                JSONText.object([
                    ("intact", "false"), ("position", String(position)), ("reason", JSONText.string(reason)),
                ]))
        }
    }

    /// GET /v1/kpi: the projections' report, the same JSON as `motcua kpi --format json`.
    func kpi(_ request: Request, _ context: ServerContext) async throws -> Response {
        try requireKPIReader(context, for: "reading KPIs")
        let parameters = request.uri.queryParameters
        let query: KPIQuery
        do {
            query = try KPIQuery { parameters.get($0) }
        } catch {
            throw Problem.badParameter(error.name, error.message)
        }
        let report = try await live.report(query)
        return json(report.json)
    }

    /// GET /v1/dossiers?agency=&status=overdue: open dossiers past due now, earliest due first.
    func dossiers(_ request: Request, _ context: ServerContext) async throws -> Response {
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
        return json(
            JSONText.object([
                ("asOf", JSONText.string(now.vietnamRFC3339)), ("status", JSONText.string(status)),
                ("agency", JSONText.optional(parameters.get("agency"))),
                ("dossiers", JSONText.array(list.map(dossierJSON))),
            ]))
    }

    /// KPIs are public with `--public-kpi`; otherwise any valid token reads them.
    func requireKPIReader(_ context: ServerContext, for action: String) throws {
        if context.caller == nil && !configuration.publicKPI {
            throw Problem.unauthenticated("\(action) needs a bearer token (any role)")
        }
    }
}

func dossierJSON(_ d: DossierSummary) -> String {
    JSONText.object([
        ("dossier", JSONText.string(d.dossier.rawValue)), ("procedure", JSONText.string(d.procedure.rawValue)),
        ("agency", JSONText.string(d.agency.rawValue)), ("status", JSONText.string(d.status.rawValue)),
        ("receivedAt", JSONText.string(d.receivedAt.vietnamRFC3339)),
        ("due", JSONText.string(d.due.vietnamRFC3339)),
        ("endedAt", JSONText.optional(d.endedAt?.vietnamRFC3339)), ("supplements", String(d.supplements)),
        ("timeliness", JSONText.string(d.timeliness.rawValue)), ("overdue", d.isOverdue ? "true" : "false"),
    ])
}

func complaintJSON(_ c: ComplaintSummary) -> String {
    JSONText.object([
        ("complaint", JSONText.string(c.complaint.rawValue)), ("agency", JSONText.string(c.agency.rawValue)),
        ("status", JSONText.string(c.status.rawValue)), ("receivedAt", JSONText.string(c.receivedAt.vietnamRFC3339)),
    ])
}
