/// The counts of DOMAIN.md §6 for one group of a report (or the total), in report order.
public struct KPICounts: Sendable, Hashable {
    public var received = 0
    public var receivedOnline = 0
    public var receivedDirect = 0
    public var receivedPostal = 0
    public var carriedOver = 0
    public var finished = 0
    public var early = 0
    public var onTime = 0
    public var late = 0
    public var inProcess = 0
    public var inProcessWithinLimit = 0
    public var inProcessLate = 0
    public var withdrawn = 0
    public var stopped = 0
    public var apologies = 0
    public var resultsRequired = 0
    public var resultsDigitized = 0
    public var componentsDigitized = 0
    public var fullyOnlineEligible = 0
    public var fullyOnline = 0
    public var complaintsReceived = 0
    public var complaintsFinished = 0
    public var complaintsFinishedOnTime = 0
    public var complaintsInProcess = 0
    public var complaintsInProcessWithinLimit = 0
    public var complaintsPublished = 0
    public var rated = 0
    public var satisfied = 0
    /// Decision 766 (DOMAIN.md §7): 4.1's, 3.3's, 4.2's, 4.3's and 5.4's numerators.
    public var resultsElectronic = 0
    public var receivedOnlineQualified = 0
    public var dossiersDigitized = 0
    public var dossiersReusing = 0
    public var finishedSatisfying = 0

    public init() {}

    /// The counts as (JSON key, value), in report order.
    public var entries: [(String, Int)] {
        [
            ("received", received), ("receivedOnline", receivedOnline), ("receivedDirect", receivedDirect),
            ("receivedPostal", receivedPostal), ("carriedOver", carriedOver), ("finished", finished),
            ("early", early), ("onTime", onTime), ("late", late), ("inProcess", inProcess),
            ("inProcessWithinLimit", inProcessWithinLimit), ("inProcessLate", inProcessLate),
            ("withdrawn", withdrawn), ("stopped", stopped), ("apologies", apologies),
            ("resultsRequired", resultsRequired), ("resultsDigitized", resultsDigitized),
            ("componentsDigitized", componentsDigitized), ("fullyOnlineEligible", fullyOnlineEligible),
            ("fullyOnline", fullyOnline), ("complaintsReceived", complaintsReceived),
            ("complaintsFinished", complaintsFinished), ("complaintsFinishedOnTime", complaintsFinishedOnTime),
            ("complaintsInProcess", complaintsInProcess),
            ("complaintsInProcessWithinLimit", complaintsInProcessWithinLimit),
            ("complaintsPublished", complaintsPublished), ("rated", rated), ("satisfied", satisfied),
            ("resultsElectronic", resultsElectronic), ("receivedOnlineQualified", receivedOnlineQualified),
            ("dossiersDigitized", dossiersDigitized), ("dossiersReusing", dossiersReusing),
            ("finishedSatisfying", finishedSatisfying),
        ]
    }

    /// Adds `other`'s counts `times` times (−1 takes them back): a report's sums kept up to date.
    mutating func add(_ other: KPICounts, times: Int = 1) {
        received += times * other.received
        receivedOnline += times * other.receivedOnline
        receivedDirect += times * other.receivedDirect
        receivedPostal += times * other.receivedPostal
        carriedOver += times * other.carriedOver
        finished += times * other.finished
        early += times * other.early
        onTime += times * other.onTime
        late += times * other.late
        inProcess += times * other.inProcess
        inProcessWithinLimit += times * other.inProcessWithinLimit
        inProcessLate += times * other.inProcessLate
        withdrawn += times * other.withdrawn
        stopped += times * other.stopped
        apologies += times * other.apologies
        resultsRequired += times * other.resultsRequired
        resultsDigitized += times * other.resultsDigitized
        componentsDigitized += times * other.componentsDigitized
        fullyOnlineEligible += times * other.fullyOnlineEligible
        fullyOnline += times * other.fullyOnline
        complaintsReceived += times * other.complaintsReceived
        complaintsFinished += times * other.complaintsFinished
        complaintsFinishedOnTime += times * other.complaintsFinishedOnTime
        complaintsInProcess += times * other.complaintsInProcess
        complaintsInProcessWithinLimit += times * other.complaintsInProcessWithinLimit
        complaintsPublished += times * other.complaintsPublished
        rated += times * other.rated
        satisfied += times * other.satisfied
        resultsElectronic += times * other.resultsElectronic
        receivedOnlineQualified += times * other.receivedOnlineQualified
        dossiersDigitized += times * other.dossiersDigitized
        dossiersReusing += times * other.dossiersReusing
        finishedSatisfying += times * other.finishedSatisfying
    }

    /// Whether any count is non-zero (groups list only those).
    public var isEmpty: Bool { entries.allSatisfy { $0.1 == 0 } }

    /// The rates of DOMAIN.md §6 over these counts, in report order; `nil` where the denominator is 0.
    public var rates: [(String, Double?)] {
        func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
            denominator == 0 ? nil : Double(numerator) / Double(denominator)
        }
        return [
            ("onTimeRate", ratio(early + onTime, finished)),
            ("progressRate", ratio(early + onTime + inProcessWithinLimit, finished + inProcess)),
            ("onlineReceptionRate", ratio(receivedOnline, received)),
            ("fullyOnlineRate", ratio(fullyOnline, fullyOnlineEligible)),
            ("resultDigitizationRate", ratio(resultsDigitized, resultsRequired)),
            ("dossierDigitizationRate", ratio(componentsDigitized, received)),
            (
                "complaintOnTimeRate",
                ratio(
                    complaintsFinishedOnTime + complaintsInProcessWithinLimit,
                    complaintsFinished + complaintsInProcess)
            ),
            ("satisfactionRate", ratio(satisfied, rated)),
        ]
    }
}

/// The procedures of a group (DOMAIN.md §7, 3.1–3.2): the distinct procedures of its dossiers received in
/// [S, T] that are published and not repealed at T, those online at T, and those online with a dossier of the
/// group received online in [S, T]. Not additive: computed from ``ProcedureUse`` when a report is made.
public struct GroupProcedures: Sendable, Hashable {
    public var procedures = 0
    public var onlineProcedures = 0
    public var onlineProceduresUsed = 0

    public init() {}

    public var entries: [(String, Int)] {
        [
            ("procedures", procedures), ("onlineProcedures", onlineProcedures),
            ("onlineProceduresUsed", onlineProceduresUsed),
        ]
    }
}

/// How many dossiers of a report's group (or total), received in [S, T], one procedure has, and how many of
/// them were received online: kept per procedure so that distinct counts follow members coming and going.
struct ProcedureUse: Sendable, Hashable {
    var received = 0
    var online = 0
}

/// The catalogue's state at T (DOMAIN.md §6 "procedures"), reported in the total only.
public struct ProcedureCounts: Sendable, Hashable {
    public var procedures = 0
    public var onlineServices = 0
    public var fullOnlineEligibleProcedures = 0
    public var fullOnlineServices = 0
    /// Catalogue procedures online at T with a dossier of the report received online in [S, T] (§7, 3.2).
    public var onlineProceduresUsed = 0

    public init() {}

    public var entries: [(String, Int)] {
        [
            ("procedures", procedures), ("onlineServices", onlineServices),
            ("fullOnlineEligibleProcedures", fullOnlineEligibleProcedures), ("fullOnlineServices", fullOnlineServices),
            ("onlineProceduresUsed", onlineProceduresUsed),
        ]
    }

    /// `fullOnlineServices / fullOnlineEligibleProcedures`, `nil` when there is no eligible procedure.
    public var fullOnlineServiceRate: Double? {
        fullOnlineEligibleProcedures == 0 ? nil : Double(fullOnlineServices) / Double(fullOnlineEligibleProcedures)
    }
}
