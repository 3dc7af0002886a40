import MotCuaDomain
import MotCuaStore

/// The binary encoding of a KPI checkpoint: compact and fast where JSON would take seconds for a
/// city's dossiers. Little-endian varints (zig-zag for signed values), length-prefixed UTF-8 strings,
/// one tag byte for each enumeration and optional; catalogue entries sorted by code so that equal
/// states encode to equal bytes.
package enum SnapshotCodec {
    static let magic: [UInt8] = Array("MCKP".utf8)
    static let format: UInt8 = 1

    package static func encode(_ s: KPIProjection.Snapshot) -> [UInt8] {
        var w = ByteWriter()
        w.bytes += magic
        w.u8(format)
        w.int(s.position)
        w.string(s.calendarVersion)
        w.count(s.agencies.count)
        for (code, a) in s.agencies.sorted(by: { $0.key < $1.key }) {
            w.code(code)
            w.choice(a.level)
            w.optional(a.successor) { $0.code($1) }
            w.optional(a.successionEffective) { $0.date($1) }
        }
        w.count(s.procedures.count)
        for (code, p) in s.procedures.sorted(by: { $0.key < $1.key }) {
            w.code(code)
            w.code(p.sector)
            w.code(p.field)
            w.int(Int64(p.timeLimitDays))
            w.bool(p.writtenResult)
            w.bool(p.fullOnlineEligible)
            w.instant(p.publishedAt)
            w.count(p.services.count)
            for change in p.services {
                w.instant(change.at)
                w.choice(change.service)
            }
            w.optional(p.repealedAt) { $0.instant($1) }
        }
        w.count(s.dossiers.count)
        for d in s.dossiers {
            w.code(d.code)
            w.code(d.procedure)
            w.choice(d.channel)
            w.instant(d.receivedAt)
            w.instant(d.due)
            w.holdings(d.holdings)
            w.count(d.supplements.count)
            for span in d.supplements {
                w.instant(span.requested)
                w.optional(span.provided) { $0.instant($1) }
            }
            w.optional(d.endedAt) { $0.instant($1) }
            switch d.end {
            case nil: w.u8(0)
            case .processed(let outcome, let electronic):
                w.u8(outcome == .approved ? (electronic ? 1 : 2) : (electronic ? 3 : 4))
            case .withdrawn: w.u8(5)
            case .stopped: w.u8(6)
            }
            w.optional(d.componentsDigitizedAt) { $0.instant($1) }
            w.optional(d.resultDigitizedAt) { $0.instant($1) }
            w.optional(d.returnedAt) { $0.instant($1) }
            w.optional(d.returnChannel) { $0.choice($1) }
            w.count(d.apologies.count)
            for at in d.apologies { w.instant(at) }
        }
        w.count(s.complaints.count)
        for c in s.complaints {
            w.code(c.code)
            w.optional(c.procedure) { $0.code($1) }
            w.instant(c.receivedAt)
            w.holdings(c.holdings)
            w.optional(c.rejectedAt) { $0.instant($1) }
            w.optional(c.answeredAt) { $0.instant($1) }
            w.optional(c.publishedAt) { $0.instant($1) }
        }
        return w.bytes
    }

    package static func decode(_ bytes: [UInt8]) throws -> KPIProjection.Snapshot {
        var r = ByteReader(bytes: bytes)
        guard try r.take(magic.count) == magic, try r.u8() == format else {
            throw BinaryCodingError("not a KPI checkpoint of format \(format)")
        }
        let position = try r.int()
        let calendarVersion = try r.string()
        var agencies: [Code: AgencyFacts] = [:]
        for _ in 0..<(try r.count()) {
            let code = try r.code()
            agencies[code] = AgencyFacts(
                level: try r.choice(), successor: try r.optional { try $0.code() },
                successionEffective: try r.optional { try $0.date() })
        }
        var procedures: [Code: ProcedureFacts] = [:]
        for _ in 0..<(try r.count()) {
            let code = try r.code()
            var p = ProcedureFacts(
                sector: try r.code(), field: try r.code(), timeLimitDays: try r.timeLimitDays(),
                writtenResult: try r.bool(),
                fullOnlineEligible: try r.bool(), publishedAt: try r.instant())
            for _ in 0..<(try r.count()) { p.services.append(.init(at: try r.instant(), service: try r.choice())) }
            p.repealedAt = try r.optional { try $0.instant() }
            procedures[code] = p
        }
        var dossiers: [DossierFacts] = []
        let dossierCount = try r.count()
        dossiers.reserveCapacity(dossierCount)
        for _ in 0..<dossierCount {
            var d = DossierFacts(
                code: try r.code(), procedure: try r.code(), channel: try r.choice(), receivedAt: try r.instant(),
                due: try r.instant(), holdings: try r.holdings())
            for _ in 0..<(try r.count()) {
                d.supplements.append(
                    SupplementSpan(requested: try r.instant(), provided: try r.optional { try $0.instant() }))
            }
            d.endedAt = try r.optional { try $0.instant() }
            switch try r.u8() {
            case 0: d.end = nil
            case 1: d.end = .processed(.approved, electronicResult: true)
            case 2: d.end = .processed(.approved, electronicResult: false)
            case 3: d.end = .processed(.denied, electronicResult: true)
            case 4: d.end = .processed(.denied, electronicResult: false)
            case 5: d.end = .withdrawn
            case 6: d.end = .stopped
            case let tag: throw BinaryCodingError("unknown dossier end \(tag)")
            }
            d.componentsDigitizedAt = try r.optional { try $0.instant() }
            d.resultDigitizedAt = try r.optional { try $0.instant() }
            d.returnedAt = try r.optional { try $0.instant() }
            d.returnChannel = try r.optional { try $0.choice() }
            for _ in 0..<(try r.count()) { d.apologies.append(try r.instant()) }
            dossiers.append(d)
        }
        var complaints: [ComplaintFacts] = []
        for _ in 0..<(try r.count()) {
            complaints.append(
                ComplaintFacts(
                    code: try r.code(), procedure: try r.optional { try $0.code() }, receivedAt: try r.instant(),
                    holdings: try r.holdings(), rejectedAt: try r.optional { try $0.instant() },
                    answeredAt: try r.optional { try $0.instant() }, publishedAt: try r.optional { try $0.instant() }))
        }
        guard r.atEnd else { throw BinaryCodingError("trailing bytes in a KPI checkpoint") }
        return KPIProjection.Snapshot(
            position: position, calendarVersion: calendarVersion, agencies: agencies, procedures: procedures,
            dossiers: dossiers, complaints: complaints)
    }
}

extension ByteWriter {
    mutating func holdings(_ holdings: [Holding]) {
        count(holdings.count)
        for holding in holdings {
            instant(holding.from)
            code(holding.agency)
        }
    }
}

extension ByteReader {
    /// A time limit, stored zig-zag: 0 … ``ProcedurePublished/maximumTimeLimitDays``.
    mutating func timeLimitDays() throws -> Int {
        let value = try int()
        guard (0...Int64(ProcedurePublished.maximumTimeLimitDays)).contains(value) else {
            throw BinaryCodingError("time limit \(value) outside 0…\(ProcedurePublished.maximumTimeLimitDays)")
        }
        return Int(value)
    }

    mutating func holdings() throws -> [Holding] {
        var holdings: [Holding] = []
        for _ in 0..<(try count()) { holdings.append(Holding(from: try instant(), agency: try code())) }
        guard !holdings.isEmpty else { throw BinaryCodingError("a dossier without an agency") }
        return holdings
    }
}
