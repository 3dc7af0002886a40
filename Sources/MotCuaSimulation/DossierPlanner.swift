import MotCuaDomain

/// Plans the whole life of one dossier at its receipt, as a list of events in non-decreasing time
/// that obeys every rule of DOMAIN.md §2.
///
/// The plan is made in "active" time (the agency's clock, supplements excluded): the end `E` is drawn
/// on or before the due for about 90% of dossiers and after it for the rest (two supplements always
/// make a dossier late, §4). Each supplement then pauses the clock for whole days, so the written end
/// is `E` plus the pauses and the dossier's classification is exactly the one drawn.
struct DossierPlanner {
    /// A dossier as received, before its life is planned.
    struct Receipt {
        let at: Int64
        let procedure: Int
        let agency: Int
        let channel: DossierChannel
        /// The procedure's online service at receipt.
        let service: OnlineService
    }

    private let city: SimulatedCity
    private let clock: SimulationClock
    /// 00:00 on the first day of the range: no `submittedAt` before it.
    private let rangeStart: Int64
    private var random: SplitMix64

    init(city: SimulatedCity, clock: SimulationClock, rangeStart: Int64, random: SplitMix64) {
        self.city = city
        self.clock = clock
        self.rangeStart = rangeStart
        self.random = random
    }

    /// A step before the end, in active time; `order` breaks ties.
    private enum Early {
        case components, transfer
        case request(Int)
    }

    /// The events of dossier `dossier`.
    mutating func plan(_ receipt: Receipt, dossier: Code) -> [SimulatedStream.Step] {
        let t0 = receipt.at
        let procedure = city.procedures[receipt.procedure]
        var due = clock.due(received: t0, days: procedure.days)
        var dueAt: Int64?
        if random.chance(0.15) {
            if random.chance(0.3) {
                due = SimulationClock.closing(clock.workingDay(random.int(1...2), after: SimulationClock.date(due)))
            }
            dueAt = due
        }
        var submittedAt: Int64?
        if receipt.channel == .online, random.chance(0.4) {
            submittedAt = max(rangeStart, t0 - random.int64(60...(2 * SimulationClock.day)))
        }
        let applicants =
            procedure.sector == "KHDT" ? [0.1, 0.85, 0.05] : [0.75, 0.15, 0.1]
        let applicant = [Applicant.citizen, .enterprise, .household][random.index(weights: applicants)]
        var steps = [
            SimulatedStream.Step(
                at: t0,
                data: .dossierReceived(
                    DossierReceived(
                        dossier: dossier, procedure: procedure.code, agency: city.agencies[receipt.agency].code,
                        channel: receipt.channel, dueAt: dueAt.map(SimulationClock.timestamp),
                        submittedAt: submittedAt.map(SimulationClock.timestamp), applicant: applicant)))
        ]
        // Room for most lives (at most 12 events), so that appending never copies the planned events.
        steps.reserveCapacity(8)

        enum Fate { case withdrawn, stopped, processed }
        let fate = [Fate.withdrawn, .stopped, .processed][random.index(weights: [0.02, 0.01, 0.97])]
        let supplements = random.index(weights: [0.83, 0.15, 0.02])
        let abandoned = supplements > 0 && random.chance(0.1)
        let late = fate == .processed && (supplements == 2 || random.chance(0.08))
        let end = activeEnd(received: t0, due: due, late: late)
        let active = Double(end - t0)

        var early: [(at: Int64, event: Early)] = []
        if random.chance(0.7) {
            early.append((t0 + min(random.int64(300...7200), (end - t0) / 4), .components))
        }
        if random.chance(0.05) {
            early.append((t0 + Int64(active * (0.05 + 0.25 * random.unit())), .transfer))
        }
        let fractions = supplements == 1 ? [(0.3, 0.7)] : supplements == 2 ? [(0.2, 0.4), (0.5, 0.8)] : []
        var pauses: [Int64] = []
        for (i, range) in fractions.enumerated() {
            let fraction = range.0 + (range.1 - range.0) * random.unit()
            early.append((t0 + Int64(active * fraction), .request(i)))
            pauses.append(Int64(random.int(1...10)))
        }
        // The written end must fall on a working day: lengthen the last pause until it does.
        if !abandoned, !pauses.isEmpty {
            while !clock.isWorkingDay(SimulationClock.date(end + pauses.reduce(0, +) * SimulationClock.day)) {
                pauses[pauses.count - 1] += 1
            }
        }
        early = early.enumerated().sorted { a, b in
            a.element.at != b.element.at ? a.element.at < b.element.at : a.offset < b.offset
        }.map(\.element)

        var shift: Int64 = 0
        var holder = receipt.agency
        var last = t0
        func add(_ at: Int64, _ data: consuming EventData) {
            last = max(last, at)
            steps.append(SimulatedStream.Step(at: last, data: data))
        }
        for item in early {
            let at = item.at + shift
            switch item.event {
            case .components:
                let documents = random.int(1...12)
                let reused = random.chance(0.4) ? random.int(0...documents) : 0
                add(
                    at,
                    .componentsDigitized(ComponentsDigitized(dossier: dossier, documents: documents, reused: reused)))
            case .transfer:
                holder = city.transferTarget(from: holder, on: SimulationClock.date(at), random: &random)
                add(at, .dossierTransferred(DossierTransferred(dossier: dossier, toAgency: city.agencies[holder].code)))
            case .request(let i):
                add(at, .supplementRequested(dossier: dossier))
                if abandoned, i == pauses.count - 1 {
                    // Never provided: later withdrawn, or left waiting.
                    if random.chance(0.5) {
                        let day = clock.nextWorkingDay(
                            onOrAfter: SimulationClock.date(last).adding(days: random.int(15...30)))
                        add(
                            clock.officeTime(on: day, after: last, random: &random), .dossierWithdrawn(dossier: dossier)
                        )
                    }
                    return steps
                }
                shift += pauses[i] * SimulationClock.day
                add(at + pauses[i] * SimulationClock.day, .supplementProvided(dossier: dossier))
            }
        }

        let finish = max(last, end + shift)
        switch fate {
        case .withdrawn:
            add(finish, .dossierWithdrawn(dossier: dossier))
            return steps
        case .stopped:
            let reason = random.pick(CityCatalogue.stopReasons)
            add(finish, .dossierStopped(DossierStopped(dossier: dossier, reason: reason)))
            return steps
        case .processed:
            break
        }
        if late, random.chance(0.03) {
            let at = min(finish, max(last, due - random.int64(0...(4 * 3600))))
            let newDue = SimulationClock.closing(
                clock.workingDay(random.int(1...3), after: SimulationClock.date(max(finish, due))))
            add(at, .apologyIssued(ApologyIssued(dossier: dossier, newDueAt: SimulationClock.timestamp(newDue))))
        }
        let approved = random.chance(0.93)
        let electronic: Bool
        if receipt.channel == .online {
            electronic = random.chance(receipt.service == .full ? 0.8 : receipt.service == .partial ? 0.5 : 0.3)
        } else {
            electronic = random.chance(0.05)
        }
        add(
            finish,
            .dossierProcessed(
                DossierProcessed(
                    dossier: dossier, outcome: approved ? .approved : .denied, electronicResult: electronic)))

        var after: [SimulatedStream.Step] = []
        if approved, !electronic, procedure.writtenResult, random.chance(0.5) {
            after.append(
                SimulatedStream.Step(
                    at: finish + random.int64(600...(2 * SimulationClock.day)), data: .resultDigitized(dossier: dossier)
                ))
        }
        var returned = finish
        if random.chance(0.95) {
            let channel = returnChannel(receipt.channel)
            if channel == .online {
                returned = finish + random.int64(60...3600)
            } else {
                let day = clock.nextWorkingDay(onOrAfter: SimulationClock.date(finish).adding(days: random.int(0...4)))
                returned = clock.officeTime(on: day, after: finish, random: &random)
            }
            after.append(
                SimulatedStream.Step(
                    at: returned, data: .resultReturned(ResultReturned(dossier: dossier, channel: channel))))
        }
        if random.chance(0.3) {
            let at = returned + random.int64(600...(3 * SimulationClock.day))
            let satisfied = random.chance(0.9)
            after.append(
                SimulatedStream.Step(at: at, data: .dossierRated(DossierRated(dossier: dossier, satisfied: satisfied))))
        }
        after.sort { $0.at < $1.at }
        for step in after { add(step.at, step.data) }
        return steps
    }

    /// The end in active time: on or before the due (biased towards the due day) or, when `late`,
    /// on one of the working days after it, during office hours.
    private mutating func activeEnd(received t0: Int64, due: Int64, late: Bool) -> Int64 {
        let receiptDay = SimulationClock.date(t0)
        let dueDay = SimulationClock.date(due)
        if late {
            let delay = 1 + random.int(0...2) + (random.chance(0.3) ? random.int(0...6) : 0)
            return clock.officeTime(on: clock.workingDay(delay, after: dueDay), after: due, random: &random)
        }
        let days = clock.workingDays(after: receiptDay, through: dueDay)
        let u = random.unit()
        let j = max(0, days - Int(Double(days + 1) * u * u))
        let day = j == 0 ? receiptDay : clock.workingDay(j, after: receiptDay)
        return max(t0 + 60, min(due, clock.officeTime(on: day, after: t0, random: &random)))
    }

    /// How the result goes back: mostly the way the dossier came.
    private mutating func returnChannel(_ received: DossierChannel) -> DossierChannel {
        let weights: [Double] =
            switch received {
            case .online: [0.1, 0.7, 0.2]
            case .direct: [0.85, 0.05, 0.1]
            case .postal: [0.2, 0, 0.8]
            }
        return [DossierChannel.direct, .online, .postal][random.index(weights: weights)]
    }
}
