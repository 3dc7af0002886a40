package import MotCuaDomain

/// The binary form in which stores persist the rules' state of a stream (`streams.state` on SQLite,
/// `stream_heads.state` on PostgreSQL): far cheaper than JSON on the append path. Format 1: a format byte, the version, the last `occurredAt`,
/// a kind byte, then the kind's fields in declaration order.
package enum StreamHeadCodec {
    static let format: UInt8 = 1

    package static func encode(_ head: StreamHead) -> [UInt8] {
        var w = ByteWriter()
        w.u8(format)
        w.count(head.version)
        w.instant(head.lastOccurredAt)
        switch head.state {
        case .agency(let a):
            w.u8(0)
            w.choice(a.level)
            w.optional(a.parent) { $0.code($1) }
            w.optional(a.successor) { $0.code($1) }
            w.optional(a.successionEffective) { $0.date($1) }
        case .procedure(let p):
            w.u8(1)
            let s = p.settings
            w.code(s.procedure)
            w.string(s.name)
            w.code(s.sector)
            w.code(s.field)
            w.count(s.timeLimitDays)
            w.bool(s.writtenResult)
            w.bool(s.fullOnlineEligible)
            w.choice(p.service)
            w.bool(p.repealed)
        case .dossier(let d):
            w.u8(2)
            w.code(d.procedure)
            w.code(d.agency)
            w.instant(d.receivedAt)
            w.instant(d.due)
            switch d.status {
            case .open: w.u8(0)
            case .processed(.approved): w.u8(1)
            case .processed(.denied): w.u8(2)
            case .withdrawn: w.u8(3)
            case .stopped: w.u8(4)
            }
            w.count(d.supplementsRequested)
            for flag in [d.waiting, d.apologyIssued, d.electronicResult, d.resultDigitized, d.returned, d.rated] {
                w.bool(flag)
            }
        case .complaint(let c):
            w.u8(3)
            w.code(c.agency)
            for flag in [c.answered, c.rejected, c.published] { w.bool(flag) }
        }
        return w.bytes
    }

    package static func decode(_ bytes: [UInt8]) throws -> StreamHead {
        var r = ByteReader(bytes: bytes)
        guard try r.u8() == format else { throw BinaryCodingError("unknown stream state format") }
        let version = try r.natural(maximum: .max)
        let last = try r.instant()
        let state: StreamState
        switch try r.u8() {
        case 0:
            state = .agency(
                AgencyState(
                    level: try r.choice(), parent: try r.optional { try $0.code() },
                    successor: try r.optional { try $0.code() },
                    successionEffective: try r.optional { try $0.date() }))
        case 1:
            let settings = ProcedurePublished(
                procedure: try r.code(), name: try r.string(), sector: try r.code(), field: try r.code(),
                timeLimitDays: try r.natural(maximum: ProcedurePublished.maximumTimeLimitDays),
                writtenResult: try r.bool(), fullOnlineEligible: try r.bool())
            state = .procedure(ProcedureState(settings: settings, service: try r.choice(), repealed: try r.bool()))
        case 2:
            let procedure = try r.code()
            let agency = try r.code()
            let receivedAt = try r.instant()
            let due = try r.instant()
            let status: DossierStatus
            switch try r.u8() {
            case 0: status = .open
            case 1: status = .processed(.approved)
            case 2: status = .processed(.denied)
            case 3: status = .withdrawn
            case 4: status = .stopped
            case let tag: throw BinaryCodingError("unknown dossier status \(tag)")
            }
            let supplements = try r.natural()
            state = .dossier(
                DossierState(
                    procedure: procedure, agency: agency, receivedAt: receivedAt, due: due, status: status,
                    waiting: try r.bool(), supplementsRequested: supplements, apologyIssued: try r.bool(),
                    electronicResult: try r.bool(), resultDigitized: try r.bool(), returned: try r.bool(),
                    rated: try r.bool()))
        case 3:
            state = .complaint(
                ComplaintState(
                    agency: try r.code(), answered: try r.bool(), rejected: try r.bool(), published: try r.bool()))
        case let kind:
            throw BinaryCodingError("unknown stream kind \(kind)")
        }
        guard r.atEnd else { throw BinaryCodingError("trailing bytes in a stream state") }
        return StreamHead(version: version, lastOccurredAt: last, state: state)
    }
}
