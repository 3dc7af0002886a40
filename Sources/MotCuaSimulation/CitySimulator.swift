package import MotCuaDomain

/// A valid synthetic history of a city's one-stop centers (a catalogue, dossiers and complaints), emitted
/// one `EventEnvelope` at a time, in non-decreasing `occurredAt` order, none after the last day.
///
/// The same parameters give the same events, ids included, on every platform (a seeded `SplitMix64`,
/// no clock). Arrivals (dossiers, complaints) are drawn lazily in time order, one day at a time; each
/// arrival's whole life is planned at once and parked in a slot, and only its next event waits in a
/// min-heap (`SimulationQueue`). Each time the earliest pending event is emitted, the stream's following
/// event (if any, and if not after the end of the range) replaces it in the heap, and a finished stream's
/// slot is recycled. Memory therefore grows with the number of dossiers and complaints in flight at
/// once, never with the total.
package struct CitySimulator: IteratorProtocol, Sequence {
    /// The parameters of a run.
    package struct Parameters {
        let dossiers: Int
        let complaints: Int
        let seed: UInt64
        /// First and last local days of the history.
        let first: LocalDate
        let last: LocalDate

        /// `dossiers` and `complaints` (by default `dossiers / 20`) received over `first...last`.
        package init(dossiers: Int, complaints: Int? = nil, seed: UInt64, first: LocalDate, last: LocalDate) {
            self.dossiers = dossiers
            self.complaints = complaints ?? dossiers / 20
            self.seed = seed
            self.first = first
            self.last = last
        }
    }

    private let clock: SimulationClock
    private let city: SimulatedCity
    /// The last second that may be emitted: 23:59:59+07:00 on the last day.
    private let limit: Int64
    private var dossierArrivals: ArrivalSchedule
    private var complaintArrivals: ArrivalSchedule
    private var dossierPlanner: DossierPlanner
    private var complaintPlanner: ComplaintPlanner
    private var choices: SplitMix64
    /// Draws the event ids, in the order the events are emitted.
    private var ids: SplitMix64
    private var queue = SimulationQueue()
    private var streams: [SimulatedStream?] = []
    private var freeSlots: [Int32] = []
    private var sequence: UInt64 = 0
    /// Each procedure's online service as emitted so far.
    private var service: [OnlineService]
    /// Dossier numbers of the current day, per agency, and complaint numbers of the current day.
    private var counterDay = LocalDate(dayNumber: 0)
    private var dossierCounters: [Int]
    private var complaintCounter = 0
    private var complaintCounterDay = LocalDate(dayNumber: 0)

    /// Streams start ranking after catalogue entries of the same second.
    private static let streamRank: UInt64 = 1 << 62

    /// A simulator of the city over `parameters.first...parameters.last`, on `calendar`'s working days.
    package init(_ parameters: Parameters, calendar: WorkingCalendar) {
        clock = SimulationClock(calendar: calendar)
        var master = SplitMix64(seed: parameters.seed)
        var cityRandom = master.split()
        let city = SimulatedCity(first: parameters.first, last: parameters.last, clock: clock, random: &cityRandom)
        self.city = city
        limit = SimulationClock.at(parameters.last.adding(days: 1), secondOfDay: 0) - 1
        dossierArrivals = ArrivalSchedule(
            kind: .dossiers, total: parameters.dossiers, first: parameters.first, last: parameters.last,
            clock: clock, random: master.split())
        complaintArrivals = ArrivalSchedule(
            kind: .complaints, total: parameters.complaints, first: parameters.first, last: parameters.last,
            clock: clock, random: master.split())
        dossierPlanner = DossierPlanner(
            city: city, clock: clock, rangeStart: SimulationClock.at(parameters.first, secondOfDay: 0),
            random: master.split())
        complaintPlanner = ComplaintPlanner(city: city, clock: clock, random: master.split())
        choices = master.split()
        ids = master.split()
        service = Array(repeating: .none, count: city.procedures.count)
        dossierCounters = Array(repeating: 0, count: city.agencies.count)
        for (i, entry) in city.schedule.enumerated() where entry.at <= limit {
            queue.push(SimulationQueue.Entry(at: entry.at, rank: nextRank(stream: false), slot: Int32(-1 - i)))
        }
    }

    /// The next event of the history, or `nil` after the last.
    package mutating func next() -> EventEnvelope? {
        while true {
            let top = queue.first?.at ?? .max
            let dossier = dossierArrivals.peek()
            let complaint = complaintArrivals.peek()
            if let dossier, dossier <= top, dossier <= complaint ?? .max {
                dossierArrivals.advance()
                let receipt = receiveDossier(at: dossier)
                let code = dossierCode(receipt)
                admit(dossierPlanner.plan(receipt, dossier: code))
                continue
            }
            if let complaint, complaint <= top {
                complaintArrivals.advance()
                let code = complaintCode(at: complaint)
                admit(complaintPlanner.plan(at: complaint, complaint: code))
                continue
            }
            guard let entry = queue.pop() else { return nil }
            if entry.slot < 0 {
                let catalogue = city.schedule[Int(-1 - entry.slot)]
                if let change = catalogue.serviceChange { service[change.procedure] = change.service }
                return envelope(SimulatedStream.Step(at: catalogue.at, data: catalogue.data))
            }
            let slot = Int(entry.slot)
            guard var stream = streams[slot] else { continue }
            streams[slot] = nil
            let step = stream.removeNext()
            if let at = stream.nextAt, at <= limit {
                streams[slot] = stream
                queue.push(SimulationQueue.Entry(at: at, rank: nextRank(stream: true), slot: entry.slot))
            } else {
                freeSlots.append(entry.slot)
            }
            return envelope(step)
        }
    }

    /// The event of `step`, with the next id.
    private mutating func envelope(_ step: consuming SimulatedStream.Step) -> EventEnvelope {
        EventEnvelope(id: nextID(), occurredAt: SimulationClock.timestamp(step.at), data: step.data)
    }

    /// A random UUID of version 4, variant RFC 9562.
    private mutating func nextID() -> EventID {
        let high = ids.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low = ids.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return EventID(high: high, low: low)
    }

    /// Chooses a procedure, agency and channel for a dossier received at `at`.
    private mutating func receiveDossier(at: Int64) -> DossierPlanner.Receipt {
        let day = SimulationClock.date(at)
        let procedure = city.procedure(at: at, random: &choices)
        let agency = city.agency(for: procedure, on: day, random: &choices)
        let second = at - SimulationClock.at(day, secondOfDay: 0)
        let channel: DossierChannel
        if !clock.isWorkingDay(day) || second >= 17 * 3600 + 1800 || second < 7 * 3600 + 1800 {
            channel = .online
        } else {
            let drawn = [DossierChannel.online, .direct, .postal][choices.index(weights: [0.66, 0.29, 0.05])]
            channel = drawn == .online && service[procedure] == .none ? .direct : drawn
        }
        return DossierPlanner.Receipt(
            at: at, procedure: procedure, agency: agency, channel: channel, service: service[procedure])
    }

    /// `AGENCY-YYMMDD-NNNN`, numbered per agency and receipt day.
    private mutating func dossierCode(_ receipt: DossierPlanner.Receipt) -> Code {
        let day = SimulationClock.date(receipt.at)
        if day != counterDay {
            counterDay = day
            for i in dossierCounters.indices { dossierCounters[i] = 0 }
        }
        dossierCounters[receipt.agency] += 1
        return SimulatedCity.code(
            city.agencies[receipt.agency].code.rawValue + "-" + Self.yymmdd(day) + "-"
                + SimulatedCity.pad(dossierCounters[receipt.agency], 4))
    }

    /// `PAKN-YYMMDD-NNNN`, numbered per receipt day.
    private mutating func complaintCode(at: Int64) -> Code {
        let day = SimulationClock.date(at)
        if day != complaintCounterDay {
            complaintCounterDay = day
            complaintCounter = 0
        }
        complaintCounter += 1
        return SimulatedCity.code("PAKN-" + Self.yymmdd(day) + "-" + SimulatedCity.pad(complaintCounter, 4))
    }

    /// Parks a new stream in a free slot and queues its first event.
    private mutating func admit(_ steps: consuming [SimulatedStream.Step]) {
        guard let first = steps.first, first.at <= limit else { return }
        let stream = SimulatedStream(steps: steps)
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            streams[Int(slot)] = stream
        } else {
            slot = Int32(streams.count)
            streams.append(stream)
        }
        queue.push(SimulationQueue.Entry(at: first.at, rank: nextRank(stream: true), slot: slot))
    }

    private mutating func nextRank(stream: Bool) -> UInt64 {
        sequence += 1
        return stream ? Self.streamRank | sequence : sequence
    }

    private static func yymmdd(_ day: LocalDate) -> String {
        let (year, month, date) = day.components
        return SimulatedCity.pad(year % 100, 2) + SimulatedCity.pad(month, 2) + SimulatedCity.pad(date, 2)
    }
}
