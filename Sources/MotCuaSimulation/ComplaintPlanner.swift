import MotCuaDomain

/// Plans the whole handling of one complaint (phản ánh, kiến nghị) at its receipt: sometimes one
/// transfer, then a rejection within 0–3 working days (about 10%), or an answer within 5–20 working
/// days and its publication within 0–3 working days after it; a few stall (still open at the end).
struct ComplaintPlanner {
    private let city: SimulatedCity
    private let clock: SimulationClock
    private var random: SplitMix64

    init(city: SimulatedCity, clock: SimulationClock, random: SplitMix64) {
        self.city = city
        self.clock = clock
        self.random = random
    }

    /// The events of complaint `complaint`, received at `t0`.
    mutating func plan(at t0: Int64, complaint: Code) -> [SimulatedStream.Step] {
        let day = SimulationClock.date(t0)
        let second = t0 - SimulationClock.at(day, secondOfDay: 0)
        let officeHours = clock.isWorkingDay(day) && second >= 8 * 3600 && second < 17 * 3600
        let channels: [ComplaintChannel] = [.portal, .ihanoi, .hotline, .email, .direct, .post]
        let channelWeights = officeHours ? [0.35, 0.25, 0.15, 0.1, 0.1, 0.05] : [0.5, 0.35, 0, 0.15, 0, 0]
        let categories: [ComplaintCategory] = [.regulation, .conduct, .other]
        var holder = city.complaintAgency(on: day, random: &random)
        let receipt = ComplaintReceived(
            complaint: complaint, agency: city.agencies[holder].code,
            channel: channels[random.index(weights: channelWeights)],
            category: categories[random.index(weights: [0.3, 0.25, 0.45])],
            procedure: random.chance(0.3) ? city.procedures[city.procedure(at: t0, random: &random)].code : nil,
            dossier: nil)
        var steps = [SimulatedStream.Step(at: t0, data: .complaintReceived(receipt))]
        steps.reserveCapacity(4)  // received, transferred, answered or rejected, published
        var last = t0
        func add(after days: Int, from start: LocalDate, _ data: (Int64) -> EventData) {
            last = clock.officeTime(on: clock.workingDay(days, after: start), after: last, random: &random)
            steps.append(SimulatedStream.Step(at: last, data: data(last)))
        }
        var clockStart = day
        if random.chance(0.1) {
            add(after: random.int(0...2), from: day) { at in
                holder = city.transferTarget(from: holder, on: SimulationClock.date(at), random: &random)
                return .complaintTransferred(
                    ComplaintTransferred(complaint: complaint, toAgency: city.agencies[holder].code))
            }
            clockStart = SimulationClock.date(last)
        }
        switch random.index(weights: [0.1, 0.03, 0.87]) {
        case 0:
            let reason = random.pick(CityCatalogue.rejectionReasons)
            add(after: random.int(0...3), from: clockStart) { _ in
                .complaintRejected(ComplaintRejected(complaint: complaint, reason: reason))
            }
        case 1:
            break
        default:
            // 5–20 working days, most within the 15 allowed.
            let u = random.unit()
            add(after: 5 + Int(16 * u * u), from: clockStart) { _ in .complaintAnswered(complaint: complaint) }
            if random.chance(0.97) {
                let channels: [PublicationChannel] = [.portal, .ihanoi, .media, .letter]
                let channel = channels[random.index(weights: [0.5, 0.3, 0.1, 0.1])]
                add(after: random.index(weights: [0.4, 0.35, 0.15, 0.1]), from: SimulationClock.date(last)) { _ in
                    .complaintPublished(ComplaintPublished(complaint: complaint, channel: channel))
                }
            }
        }
        return steps
    }
}
