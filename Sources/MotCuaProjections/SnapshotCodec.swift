import MotCuaDomain
import MotCuaStore

/// The binary encoding of a KPI checkpoint. The catalogue (small) is written entry by entry: varints
/// (zig-zag for signed values), length-prefixed UTF-8, a stored code per vocabulary case, entries
/// sorted by code so that equal states encode to equal bytes. Dossiers and complaints (millions) are
/// written as columns of fixed-width little-endian values, one per row field, which load with one copy
/// and one validating pass each instead of a decode per member; their extras follow, member by member.
package enum SnapshotCodec {
    static let magic: [UInt8] = Array("MCKP".utf8)
    static let format: UInt8 = 3

    package static func encode(_ s: KPIProjection.Snapshot) -> [UInt8] {
        var w = ByteWriter()
        w.bytes += magic
        w.u8(format)
        w.int(s.position)
        w.string(s.calendarVersion)
        w.count(s.agencies.count)
        for (code, a) in s.agencies.sorted(by: { $0.key < $1.key }) {
            w.code(code)
            w.string(a.name)
            w.choice(a.level)
            w.optional(a.parent) { $0.code($1) }
            w.optional(a.successor) { $0.code($1) }
            w.optional(a.successionEffective) { $0.date($1) }
        }
        w.count(s.procedures.count)
        for (code, p) in s.procedures.sorted(by: { $0.key < $1.key }) {
            w.code(code)
            w.string(p.name)
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
        w.count(s.codes.codes.count)
        for code in s.codes.codes { w.code(code) }
        let dossiers = s.dossiers.rows
        w.memberCodes(s.dossiers.codes)
        for column in [
            \DossierRow.receivedAt, \.due, \.endedAt, \.componentsDigitizedAt, \.resultDigitizedAt, \.returnedAt,
            \.ratedAt, \.reusedAt,
        ] {
            w.column(dossiers.map { $0[keyPath: column] })
        }
        w.column(dossiers.map(\.procedure))
        w.column(dossiers.map(\.agency))
        w.column(dossiers.map(\.channel))
        w.column(dossiers.map(\.end))
        w.column(dossiers.map(\.returnChannel))
        w.column(dossiers.map(\.rating))
        w.extras(s.dossiers) { w, extras in
            w.holdings(extras.transfers)
            w.count(extras.supplements.count)
            for span in extras.supplements {
                w.instant(span.requested)
                w.optional(span.provided) { $0.instant($1) }
            }
            w.count(extras.apologies.count)
            for at in extras.apologies { w.instant(at) }
        }
        let complaints = s.complaints.rows
        w.memberCodes(s.complaints.codes)
        for column in [\ComplaintRow.receivedAt, \.rejectedAt, \.answeredAt, \.publishedAt] {
            w.column(complaints.map { $0[keyPath: column] })
        }
        w.column(complaints.map(\.procedure))
        w.column(complaints.map(\.agency))
        w.extras(s.complaints) { $0.holdings($1) }
        w.count(s.complaintNamed.count)
        for (row, at) in s.complaintNamed.sorted(by: { $0.key < $1.key }) {
            w.count(Int(row))
            w.int(at)
        }
        w.count(s.complaintNamedCodes.count)
        for (code, at) in s.complaintNamedCodes.sorted(by: { $0.key < $1.key }) {
            w.code(code)
            w.int(at)
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
                name: try r.string(), level: try r.choice(), parent: try r.optional { try $0.code() },
                successor: try r.optional { try $0.code() },
                successionEffective: try r.optional { try $0.date() })
        }
        var procedures: [Code: ProcedureFacts] = [:]
        for _ in 0..<(try r.count()) {
            let code = try r.code()
            var p = ProcedureFacts(
                name: try r.string(), sector: try r.code(), field: try r.code(), timeLimitDays: try r.timeLimitDays(),
                writtenResult: try r.bool(),
                fullOnlineEligible: try r.bool(), publishedAt: try r.instant())
            for _ in 0..<(try r.count()) { p.services.append(.init(at: try r.instant(), service: try r.choice())) }
            p.repealedAt = try r.optional { try $0.instant() }
            procedures[code] = p
        }
        var codes = CodeTable()
        for _ in 0..<(try r.count()) {
            let code = try r.code()
            guard codes.intern(code) == codes.codes.count - 1 else { throw BinaryCodingError("\(code) interned twice") }
        }
        let catalogueCodes = UInt32(codes.codes.count)

        var dossiers = MemberTable<DossierRow>()
        dossiers.codes = try r.memberCodes()
        let n = dossiers.codes.count
        dossiers.rows = try r.columns(count: n, widths: [8, 8, 8, 8, 8, 8, 8, 8, 4, 4, 1, 1, 1, 1]) { raw, offsets in
            let c = Columns(raw: raw, offsets: offsets)
            var rows: [DossierRow] = []
            rows.reserveCapacity(n)
            for i in 0..<n {
                let row = DossierRow(
                    receivedAt: c.int64(0, i), due: c.int64(1, i), endedAt: c.int64(2, i),
                    componentsDigitizedAt: c.int64(3, i), resultDigitizedAt: c.int64(4, i), returnedAt: c.int64(5, i),
                    ratedAt: c.int64(6, i), reusedAt: c.int64(7, i), procedure: c.uint32(8, i), agency: c.uint32(9, i),
                    channel: c.uint8(10, i), end: c.uint8(11, i), returnChannel: c.uint8(12, i), rating: c.uint8(13, i))
                guard row.isValid(codes: catalogueCodes) else {
                    throw BinaryCodingError("dossier \(dossiers.codes[i]) has a field no dossier can have")
                }
                rows.append(row)
            }
            return rows
        }
        try r.extras(into: &dossiers) { r in
            var extras = DossierRow.Extras(transfers: try r.holdings())
            for _ in 0..<(try r.count()) {
                extras.supplements.append(
                    SupplementSpan(requested: try r.instant(), provided: try r.optional { try $0.instant() }))
            }
            for _ in 0..<(try r.count()) { extras.apologies.append(try r.instant()) }
            return extras
        }

        var complaints = MemberTable<ComplaintRow>()
        complaints.codes = try r.memberCodes()
        let k = complaints.codes.count
        complaints.rows = try r.columns(count: k, widths: [8, 8, 8, 8, 4, 4]) { raw, offsets in
            let c = Columns(raw: raw, offsets: offsets)
            return try (0..<k).map { i in
                let row = ComplaintRow(
                    receivedAt: c.int64(0, i), rejectedAt: c.int64(1, i), answeredAt: c.int64(2, i),
                    publishedAt: c.int64(3, i), procedure: c.uint32(4, i), agency: c.uint32(5, i))
                guard row.isValid(codes: catalogueCodes) else {
                    throw BinaryCodingError("complaint \(complaints.codes[i]) has a field no complaint can have")
                }
                return row
            }
        }
        try r.extras(into: &complaints) { try $0.holdings() }
        var complaintNamed: [Int32: Int64] = [:]
        for _ in 0..<(try r.count()) {
            let row = try r.count()
            let at = try r.int()
            guard row < n, at.isInstant, complaintNamed.updateValue(at, forKey: Int32(row)) == nil else {
                throw BinaryCodingError("a complaint naming dossier row \(row) of \(n), twice, or at \(at)")
            }
        }
        var complaintNamedCodes: [Code: Int64] = [:]
        for _ in 0..<(try r.count()) {
            let code = try r.code()
            let at = try r.int()
            guard dossiers.codes.row(of: code) == nil, at.isInstant,
                complaintNamedCodes.updateValue(at, forKey: code) == nil
            else { throw BinaryCodingError("a complaint naming \(code) twice, a received dossier, or at \(at)") }
        }
        guard r.atEnd else { throw BinaryCodingError("trailing bytes in a KPI checkpoint") }
        return KPIProjection.Snapshot(
            position: position, calendarVersion: calendarVersion, agencies: agencies, procedures: procedures,
            codes: codes, dossiers: dossiers, complaints: complaints, complaintNamed: complaintNamed,
            complaintNamedCodes: complaintNamedCodes)
    }
}

/// Columns of little-endian values in a checked range of bytes (`ByteReader.columns`), read in place.
private struct Columns {
    let raw: UnsafeRawBufferPointer
    let offsets: [Int]

    func int64(_ column: Int, _ row: Int) -> Int64 {
        Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offsets[column] + row * 8, as: Int64.self))
    }

    func uint32(_ column: Int, _ row: Int) -> UInt32 {
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offsets[column] + row * 4, as: UInt32.self))
    }

    func uint8(_ column: Int, _ row: Int) -> UInt8 { raw[offsets[column] + row] }
}

/// The nanoseconds of ``Instant/domainRange``: where every instant in a row lies.
private let domainNanoseconds = Instant.domainRange.lowerBound.nanoseconds...Instant.domainRange.upperBound.nanoseconds

extension Int64 {
    /// An instant of the domain.
    fileprivate var isInstant: Bool { domainNanoseconds.contains(self) }
    /// An instant of the domain, or none.
    fileprivate var isOptionalInstant: Bool { self == .noInstant || isInstant }
}

extension DossierRow {
    /// Whether a row read from a checkpoint could have been made by folding events.
    fileprivate func isValid(codes: UInt32) -> Bool {
        receivedAt.isInstant && due.isInstant && endedAt.isOptionalInstant && componentsDigitizedAt.isOptionalInstant
            && reusedAt.isOptionalInstant && (reusedAt == .noInstant || componentsDigitizedAt != .noInstant)
            && resultDigitizedAt.isOptionalInstant && returnedAt.isOptionalInstant && procedure < codes
            && agency < codes && DossierChannel(storedCode: channel) != nil
            && (end == 0 ? endedAt == .noInstant : DossierEnd(storedCode: end) != nil && endedAt != .noInstant)
            && (returnChannel == 0 || DossierChannel(storedCode: returnChannel - 1) != nil)
            && (rating == 0
                ? ratedAt == .noInstant
                : rating <= 2 && ratedAt.isInstant && (1...4).contains(end))
    }
}

extension ComplaintRow {
    fileprivate func isValid(codes: UInt32) -> Bool {
        receivedAt.isInstant && rejectedAt.isOptionalInstant && answeredAt.isOptionalInstant
            && publishedAt.isOptionalInstant && (procedure < codes || procedure == .max) && agency < codes
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

    /// A member table's codes: their bytes end to end and where each ends.
    mutating func memberCodes(_ codes: CodeColumn) {
        count(codes.count)
        count(codes.bytes.count)
        bytes += codes.bytes
        column(codes.ends)
    }

    /// A member table's extras, in the order of its side array, each after the place of its member.
    mutating func extras<Row>(_ table: MemberTable<Row>, _ write: (inout ByteWriter, Row.Extras) -> Void) {
        var owners = [Int](repeating: 0, count: table.extras.count)
        for (index, row) in table.rows.enumerated() where row.extras != 0 { owners[Int(row.extras) - 1] = index }
        count(owners.count)
        for (owner, extras) in zip(owners, table.extras) {
            count(owner)
            write(&self, extras)
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
        return holdings
    }

    mutating func memberCodes() throws -> CodeColumn {
        let count = try count()
        let bytes = try take(try self.count())
        guard let codes = CodeColumn(bytes: bytes, ends: try column(count: count)) else {
            throw BinaryCodingError("member codes that are not distinct codes")
        }
        return codes
    }

    /// Reads the extras `ByteWriter.extras` wrote into `table`, whose rows must have none yet.
    mutating func extras<Row>(into table: inout MemberTable<Row>, _ read: (inout ByteReader) throws -> Row.Extras)
        throws
    {
        for _ in 0..<(try count()) {
            let owner = try count()
            guard owner < table.rows.count, table.rows[owner].extras == 0 else {
                throw BinaryCodingError("extras for member \(owner) of \(table.rows.count), or twice")
            }
            table.extras.append(try read(&self))
            table.rows[owner].extras = UInt32(table.extras.count)
        }
    }
}
