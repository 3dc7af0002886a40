import Foundation
import MotCuaDomain

/// Writes simulated events as NDJSON, one canonical interchange event per line
/// (docs/canonical-form.md), buffered, to standard output or to a caller's sink.
///
/// Event ids are UUID version 4 texts drawn from the simulator's own generator.
struct SimulationWriter {
    private let city: SimulatedCity
    private var ids: SplitMix64
    private var buffer: [UInt8] = []
    /// Number of events written.
    private(set) var count = 0
    /// Receives the buffered lines, a whole number of lines at a time.
    private let output: ([UInt8]) throws -> Void

    init(city: SimulatedCity, ids: SplitMix64, output: @escaping ([UInt8]) throws -> Void) {
        self.city = city
        self.ids = ids
        self.output = output
        buffer.reserveCapacity(Self.flushSize + 1024)
    }

    private static let flushSize = 1 << 16

    /// Writes one event of the stream whose code is `subject` (`nil` for catalogue events).
    mutating func write(at: Int64, _ event: SimulatedEvent, subject: String?) throws {
        var w = CanonicalWriter()
        w.beginObject()
        w.field("id", plainUTF8: nextID().utf8)
        w.field("type", event.type.rawValue)
        w.field("occurredAt", SimulationClock.text(at))
        w.key("data")
        w.beginObject()
        writeData(event, subject: subject ?? "", to: &w)
        w.endObject()
        w.endObject()
        buffer.append(contentsOf: w.bytes)
        buffer.append(UInt8(ascii: "\n"))
        count += 1
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Writes out what is buffered.
    mutating func flush() throws {
        try output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `buffer` to standard output.
    static func standardOutput(_ buffer: [UInt8]) throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Foundation.write(STDOUT_FILENO, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("cannot write standard output: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// A random UUID of version 4, variant RFC 9562.
    private mutating func nextID() -> EventID {
        let high = ids.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = ids.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return EventID(high: high, low: low)
    }

    private func writeData(_ event: SimulatedEvent, subject: String, to w: inout CanonicalWriter) {
        let agencies = city.agencies
        let procedures = city.procedures
        switch event {
        case .agencyRegistered(let a):
            let agency = agencies[a]
            w.field("agency", agency.code)
            w.field("name", agency.name)
            w.field("level", agency.level)
            if let parent = agency.parent { w.field("parent", agencies[parent].code) }
        case .agencySucceeded(let a):
            let agency = agencies[a]
            w.field("agency", agency.code)
            w.field("successor", agencies[agency.successor ?? a].code)
            w.field("effective", (agency.effective ?? LocalDate(dayNumber: 0)).description)
        case .procedurePublished(let p):
            let procedure = procedures[p]
            w.field("procedure", procedure.code)
            w.field("name", procedure.name)
            w.field("sector", procedure.sector)
            w.field("field", procedure.field)
            w.field("timeLimitDays", procedure.days)
            w.field("writtenResult", procedure.writtenResult)
            w.field("fullOnlineEligible", procedure.fullOnlineEligible)
        case .onlineServiceChanged(let p, let service):
            w.field("procedure", procedures[p].code)
            w.field("service", service)
        case .procedureRepealed(let p):
            w.field("procedure", procedures[p].code)
        case .dossierReceived(let r):
            w.field("dossier", subject)
            w.field("procedure", procedures[r.procedure].code)
            w.field("agency", agencies[r.agency].code)
            w.field("channel", r.channel)
            if let due = r.dueAt { w.field("dueAt", SimulationClock.text(due)) }
            if let submitted = r.submittedAt { w.field("submittedAt", SimulationClock.text(submitted)) }
            w.field("applicant", r.applicant)
        case .componentsDigitized(let documents, let reused):
            w.field("dossier", subject)
            w.field("documents", documents)
            w.field("reused", reused)
        case .supplementRequested, .supplementProvided, .resultDigitized, .dossierWithdrawn:
            w.field("dossier", subject)
        case .dossierTransferred(let to):
            w.field("dossier", subject)
            w.field("toAgency", agencies[to].code)
        case .apologyIssued(let newDue):
            w.field("dossier", subject)
            w.field("newDueAt", SimulationClock.text(newDue))
        case .dossierProcessed(let outcome, let electronic):
            w.field("dossier", subject)
            w.field("outcome", outcome)
            w.field("electronicResult", electronic)
        case .resultReturned(let channel):
            w.field("dossier", subject)
            w.field("channel", channel)
        case .dossierStopped(let reason):
            w.field("dossier", subject)
            w.field("reason", CityCatalogue.stopReasons[reason])
        case .dossierRated(let satisfied):
            w.field("dossier", subject)
            w.field("satisfied", satisfied)
        case .complaintReceived(let r):
            w.field("complaint", subject)
            w.field("agency", agencies[r.agency].code)
            w.field("channel", r.channel)
            w.field("category", r.category)
            if let p = r.procedure { w.field("procedure", procedures[p].code) }
        case .complaintTransferred(let to):
            w.field("complaint", subject)
            w.field("toAgency", agencies[to].code)
        case .complaintRejected(let reason):
            w.field("complaint", subject)
            w.field("reason", CityCatalogue.rejectionReasons[reason])
        case .complaintAnswered:
            w.field("complaint", subject)
        case .complaintPublished(let channel):
            w.field("complaint", subject)
            w.field("channel", channel)
        }
    }
}
