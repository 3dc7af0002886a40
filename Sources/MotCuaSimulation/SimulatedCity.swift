import MotCuaDomain

/// The simulated city's catalogue: agencies and procedures with their schedule of catalogue events,
/// and the choices dossiers and complaints make among them.
///
/// Everything is registered at `--from` 00:00+07:00 (one second apart, parents first). Later in the
/// range some procedures change their online service, a few are repealed and replaced by an amended
/// procedure with a new code (DOMAIN.md §2: settings never change), and the district People's
/// Committees are succeeded by departments on 2025-07-01 (the end of the district level on 30/6/2025).
struct SimulatedCity {
    /// A registered agency.
    struct Agency {
        let code: Code
        let name: String
        let level: AgencyLevel
        let parent: Int?
        /// The agency that takes over (`AgencySucceeded`), from `effective`.
        var successor: Int?
        var effective: LocalDate?

        /// Whether the agency still takes new work on `day`.
        func isActive(on day: LocalDate) -> Bool {
            effective.map { day < $0 } ?? true
        }
    }

    /// A published procedure.
    struct Procedure {
        let code: Code
        let name: String
        let sector: String
        let field: String
        let days: Int
        let writtenResult: Bool
        let fullOnlineEligible: Bool
        let level: AgencyLevel
        /// When it is repealed (originals only), and the amended procedure published at that instant.
        var repealedAt: Int64?
        var replacement: Int?
    }

    /// A catalogue event and its time.
    struct CatalogueEntry {
        let at: Int64
        let data: EventData
        /// The procedure (by index) whose online service `data` changes, and the new service.
        var serviceChange: (procedure: Int, service: OnlineService)?
    }

    /// Every agency: departments, then districts, then communes.
    private(set) var agencies: [Agency] = []
    /// Every procedure: the sixty originals, then the amended replacements.
    private(set) var procedures: [Procedure] = []
    /// The catalogue events in time order.
    private(set) var schedule: [CatalogueEntry] = []
    private var departments: [Int] = []
    private var districts: [Int] = []
    private var communes: [Int] = []
    private var departmentBySector: [String: Int] = [:]
    /// Cumulative selection weights of the original procedures.
    private var cumulativeWeights: [Double] = []

    /// The day the district level ends (DOMAIN.md §1).
    static let districtLevelEnd = LocalDate(year: 2025, month: 7, day: 1) ?? LocalDate(dayNumber: 20_270)

    /// Builds the catalogue for the range `first...last` (local dates).
    init(first: LocalDate, last: LocalDate, clock: SimulationClock, random: inout SplitMix64) {
        let start = SimulationClock.at(first, secondOfDay: 0)
        var entries: [CatalogueEntry] = []
        func add(_ at: Int64, _ data: EventData, serviceChange: (procedure: Int, service: OnlineService)? = nil) {
            entries.append(CatalogueEntry(at: at, data: data, serviceChange: serviceChange))
        }
        func publish(_ at: Int64, _ p: Int) {
            let procedure = procedures[p]
            add(
                at,
                .procedurePublished(
                    ProcedurePublished(
                        procedure: procedure.code, name: procedure.name, sector: Self.code(procedure.sector),
                        field: Self.code(procedure.field), timeLimitDays: procedure.days,
                        writtenResult: procedure.writtenResult, fullOnlineEligible: procedure.fullOnlineEligible)))
        }
        func change(_ at: Int64, _ p: Int, to service: OnlineService) {
            add(
                at, .onlineServiceChanged(OnlineServiceChanged(procedure: procedures[p].code, service: service)),
                serviceChange: (p, service))
        }
        var second: Int64 = 0
        func register(_ agency: Agency) {
            agencies.append(agency)
            add(
                start + second,
                .agencyRegistered(
                    AgencyRegistered(
                        agency: agency.code, name: agency.name, level: agency.level,
                        parent: agency.parent.map { agencies[$0].code })))
            second += 1
        }
        for (i, department) in CityCatalogue.departments.enumerated() {
            register(
                Agency(
                    code: Self.code("000.00.\(Self.pad(i + 1, 2)).H26"), name: department.name, level: .province,
                    parent: nil))
            departments.append(agencies.count - 1)
            if let sector = department.sector { departmentBySector[sector] = agencies.count - 1 }
        }
        for (i, district) in CityCatalogue.districts.enumerated() {
            register(
                Agency(
                    code: Self.code("000.00.\(31 + i).H26"), name: "UBND \(district.kind) \(district.name)",
                    level: .district,
                    parent: nil))
            districts.append(agencies.count - 1)
        }
        for (i, district) in CityCatalogue.districts.enumerated() {
            let kind = district.kind == "huyện" ? "xã" : "phường"
            for c in 0..<(i < 10 ? 4 : 3) {
                register(
                    Agency(
                        code: Self.code("000.\(Self.pad(c + 1, 2)).\(31 + i).H26"),
                        name: "UBND \(kind) số \(c + 1) \(district.kind) \(district.name)", level: .commune,
                        parent: districts[i]))
                communes.append(agencies.count - 1)
            }
        }
        var service: [OnlineService] = []
        var total = 0.0
        for (i, row) in CityCatalogue.procedures.enumerated() {
            procedures.append(
                Procedure(
                    code: Self.code("1.00\(1000 + i * 7919 % 9000)"), name: row.name, sector: row.sector,
                    field: row.field,
                    days: row.days, writtenResult: row.writtenResult, fullOnlineEligible: row.fullOnlineEligible,
                    level: row.level))
            publish(start + second, i)
            second += 1
            let base: Double =
                switch row.level {
                case .commune: 6
                case .district: 3
                case .province: 2
                }
            total += base * (0.5 + random.unit())
            cumulativeWeights.append(total)
            let weights = row.fullOnlineEligible ? [0.05, 0.2, 0.75] : [0.4, 0.6, 0]
            service.append([OnlineService.none, .partial, .full][random.index(weights: weights)])
        }
        for (i, level) in service.enumerated() where level != .none {
            change(start + second, i, to: level)
        }
        second += 1
        let originals = procedures.count
        let span = max(0, last.dayNumber - first.dayNumber)
        func dayIn(_ lower: Double, _ upper: Double) -> LocalDate {
            let offset = Int(Double(span) * (lower + (upper - lower) * random.unit()))
            return clock.nextWorkingDay(onOrAfter: first.adding(days: offset))
        }
        // Repeals, each with its amended replacement published at the same instant.
        var repealed: Set<Int> = []
        // Repeals and service changes only in histories long enough to show them (four weeks or more).
        let changes = span >= 28 ? (repeals: 3, services: 12) : (repeals: 0, services: 0)
        while repealed.count < changes.repeals {
            let i = random.int(0...(originals - 1))
            guard procedures[i].level != .commune, !repealed.contains(i) else { continue }
            repealed.insert(i)
            let day = dayIn(0.3, 0.8)
            guard day <= last else { continue }
            let at = SimulationClock.at(day, secondOfDay: 8 * 3600)
            let old = procedures[i]
            procedures.append(
                Procedure(
                    code: Self.code("2" + old.code.rawValue.dropFirst()), name: old.name + " (sửa đổi)",
                    sector: old.sector,
                    field: old.field, days: old.days - old.days / 3, writtenResult: old.writtenResult,
                    fullOnlineEligible: old.fullOnlineEligible, level: old.level))
            procedures[i].repealedAt = at
            procedures[i].replacement = procedures.count - 1
            publish(at, procedures.count - 1)
            if service[i] != .none { change(at, procedures.count - 1, to: service[i]) }
            add(at, .procedureRepealed(procedure: old.code))
        }
        // Online service changes during the range, for procedures that are never repealed.
        var changed: Set<Int> = []
        while changed.count < changes.services {
            let i = random.int(0...(originals - 1))
            guard !repealed.contains(i), !changed.contains(i) else { continue }
            changed.insert(i)
            let next: OnlineService =
                switch service[i] {
                case .none: .partial
                case .partial: procedures[i].fullOnlineEligible ? .full : .none
                case .full: .partial
                }
            let day = dayIn(0.1, 0.95)
            guard day <= last else { continue }
            change(clock.officeTime(on: day, after: start, random: &random), i, to: next)
        }
        // The end of the district level: each district's duties pass to a department.
        let effective = max(Self.districtLevelEnd, first.adding(days: 1))
        if effective <= last {
            let successors = departments.filter { i in departmentBySector.values.contains(i) }
            for district in districts {
                let successor = random.pick(successors)
                agencies[district].successor = successor
                agencies[district].effective = effective
                add(
                    SimulationClock.at(effective, secondOfDay: 0),
                    .agencySucceeded(
                        AgencySucceeded(
                            agency: agencies[district].code, successor: agencies[successor].code,
                            effective: effective)))
            }
        }
        schedule = entries.enumerated().sorted { a, b in
            a.element.at != b.element.at ? a.element.at < b.element.at : a.offset < b.offset
        }.map(\.element)
    }

    /// A procedure for a dossier received at `at`, by weight; a repealed one is replaced by its
    /// amended successor.
    func procedure(at: Int64, random: inout SplitMix64) -> Int {
        let target = random.unit() * (cumulativeWeights.last ?? 0)
        var low = 0
        var high = cumulativeWeights.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulativeWeights[mid] > target { high = mid } else { low = mid + 1 }
        }
        if let repealedAt = procedures[low].repealedAt, at >= repealedAt, let replacement = procedures[low].replacement
        {
            return replacement
        }
        return low
    }

    /// The competent agency for a dossier of procedure `procedure` received on `day`.
    func agency(for procedure: Int, on day: LocalDate, random: inout SplitMix64) -> Int {
        let p = procedures[procedure]
        switch p.level {
        case .province: return departmentBySector[p.sector] ?? departments[0]
        case .district: return resolve(random.pick(districts), on: day)
        case .commune: return random.pick(communes)
        }
    }

    /// Another agency that takes new work on `day`, for a transfer away from `current`.
    func transferTarget(from current: Int, on day: LocalDate, random: inout SplitMix64) -> Int {
        while true {
            let candidate = resolve(random.pick(random.chance(0.7) ? departments : districts), on: day)
            if candidate != current { return candidate }
        }
    }

    /// The agency that receives a complaint on `day`.
    func complaintAgency(on day: LocalDate, random: inout SplitMix64) -> Int {
        let group = [departments, districts, communes][random.index(weights: [0.4, 0.35, 0.25])]
        return resolve(random.pick(group), on: day)
    }

    /// `agency`, or its successor once succeeded.
    func resolve(_ agency: Int, on day: LocalDate) -> Int {
        var current = agency
        while !agencies[current].isActive(on: day), let successor = agencies[current].successor {
            current = successor
        }
        return current
    }

    /// `text` as a code; the simulator only makes valid ones.
    static func code(_ text: String) -> Code {
        guard let code = Code(text) else { preconditionFailure("the simulator made an invalid code: \(text)") }
        return code
    }

    /// `value` in decimal with leading zeros to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
