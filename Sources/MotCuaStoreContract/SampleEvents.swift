package import MotCuaDomain

/// Valid events for store tests, built through the real decoder from interchange JSON.
package enum SampleEvents {
    /// The server clock the contract uses: 2026-01-01T00:00:00+07:00.
    package static let now = Instant(vietnam: LocalDate(year: 2026, month: 1, day: 1)!)

    /// A fresh random event id.
    package static func freshID() -> EventID {
        var generator = SystemRandomNumberGenerator()
        return EventID(high: generator.next(), low: generator.next())
    }

    /// An event of `type` at `occurredAt` with the given `data` members (JSON text without braces).
    package static func event(_ type: String, _ occurredAt: String, _ data: String, id: EventID = freshID())
        -> EventEnvelope
    {
        let json = #"{"id":"\#(id)","type":"\#(type)","occurredAt":"\#(occurredAt)","data":{\#(data)}}"#
        do {
            return try EventEnvelope.decode(json: Array(json.utf8))
        } catch {
            preconditionFailure("sample event does not decode: \(error)\n\(json)")
        }
    }

    package static func agency(_ code: String, at: String = "2025-01-02T08:00:00+07:00") -> EventEnvelope {
        event("AgencyRegistered", at, #""agency":"\#(code)","name":"Agency \#(code)","level":"province""#)
    }

    package static func procedure(_ code: String, days: Int = 10, at: String = "2025-01-02T08:00:00+07:00")
        -> EventEnvelope
    {
        event(
            "ProcedurePublished", at,
            #""procedure":"\#(code)","name":"Procedure \#(code)","sector":"TP","field":"LLTP","#
                + #""timeLimitDays":\#(days),"writtenResult":true,"fullOnlineEligible":true"#)
    }

    /// An agency `A1` and a procedure `P1`.
    package static let catalogue = [agency("A1"), agency("A2"), procedure("P1")]

    package static func received(
        _ dossier: String, agency: String = "A1", at: String = "2025-01-24T10:00:00+07:00", procedure: String = "P1"
    ) -> EventEnvelope {
        event(
            "DossierReceived", at,
            #""dossier":"\#(dossier)","procedure":"\#(procedure)","agency":"\#(agency)","channel":"online","#
                + #""applicant":"citizen""#)
    }

    package static func step(_ type: String, _ dossier: String, at: String = "2025-01-27T09:00:00+07:00")
        -> EventEnvelope
    {
        event(type, at, #""dossier":"\#(dossier)""#)
    }

    package static func complaint(_ code: String, agency: String, at: String = "2025-02-03T09:00:00+07:00")
        -> EventEnvelope
    {
        event(
            "ComplaintReceived", at,
            #""complaint":"\#(code)","agency":"\#(agency)","channel":"portal","category":"other""#)
    }
}
