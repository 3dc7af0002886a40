/// The Decision 766 score card reconstructed from the log (DOMAIN.md §7, docs/kpi-report.md): the nine
/// indicators a dossier log supports (56 of the Portal's 100 points), and the nine it cannot, with why.
public struct Scores766: Sendable, Hashable {
    /// One indicator of the card.
    public struct Indicator: Sendable, Hashable {
        /// The Portal's number, e.g. `2.1`.
        public let number: String
        public let max: Int
        /// `nil` when the denominator is 0, and for indicators the log cannot compute.
        public let ratio: Double?
        /// `nil` when `ratio` is (but 5.2 scores its maximum on an empty denominator).
        public let points: Double?
        /// Why the log cannot compute it; `nil` for the computable nine.
        public let reason: String?
    }

    /// The 18 indicators in the Portal's order.
    public let indicators: [Indicator]

    /// The sum of the points, a `nil` counting as nothing.
    public var points: Double { indicators.reduce(0.0) { $0 + ($1.points ?? 0) } }

    /// The points the log can support (the nine computable indicators).
    public static let computableMax = 56
    public static let max = 100

    /// How an indicator turns its ratio into points.
    enum Rule {
        /// `max × ratio`.
        case linear
        /// `max` when `ratio ≥ x`, else `max × ratio / x`.
        case threshold(Double)
    }

    /// What the log cannot hold: (number, max, reason), in the Portal's order with the computable ones.
    static let outside: [(String, Int, String)] = [
        ("1.1", 6, "catalogue timeliness and portal sync are not in the log"),
        ("1.2", 4, "catalogue timeliness and portal sync are not in the log"),
        ("1.3", 2, "catalogue timeliness and portal sync are not in the log"),
        ("1.4", 6, "catalogue timeliness and portal sync are not in the log"),
        ("3.5", 4, "online payment is not in the log"), ("3.6", 6, "online payment is not in the log"),
        ("4.4", 4, "data sharing and certified e-copies are not in the log"),
        ("4.5", 6, "data sharing and certified e-copies are not in the log"),
        ("5.3", 6, "complaint feedback is not in the log"),
    ]

    /// The card of one group (or the total) from its counts and its procedures (for the total: the whole
    /// catalogue at T, `procedures` and `onlineServices`, with `onlineProceduresUsed`).
    init(_ c: KPICounts, procedures: Int, onlineProcedures: Int, onlineProceduresUsed: Int) {
        func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
            denominator == 0 ? nil : Double(numerator) / Double(denominator)
        }
        let complaints = c.complaintsFinished + c.complaintsInProcess
        let computed: [(String, Int, Double?, Rule)] = [
            ("2.1", 20, ratio(c.early + c.onTime + c.inProcessWithinLimit, c.finished + c.inProcess), .linear),
            ("3.1", 2, ratio(onlineProcedures, procedures), .threshold(0.8)),
            ("3.2", 4, ratio(onlineProceduresUsed, onlineProcedures), .linear),
            ("3.3", 6, ratio(c.receivedOnlineQualified, c.received), .threshold(0.5)),
            ("4.1", 6, ratio(c.resultsElectronic, c.resultsRequired), .linear),
            ("4.2", 4, ratio(c.dossiersDigitized, c.received), .linear),
            ("4.3", 2, ratio(c.dossiersReusing, c.received), .threshold(0.8)),
            (
                "5.2", 6, ratio(c.complaintsFinishedOnTime + c.complaintsInProcessWithinLimit, complaints),
                .linear
            ),
            ("5.4", 6, ratio(c.finishedSatisfying, c.finished), .threshold(0.9)),
        ]
        var indicators: [Indicator] = []
        for (number, max, ratio, rule) in computed {
            var points = ratio.map { ratio -> Double in
                switch rule {
                case .linear: Double(max) * ratio
                case .threshold(let x): ratio >= x ? Double(max) : Double(max) * ratio / x
                }
            }
            if number == "5.2", complaints == 0 { points = Double(max) }
            indicators.append(Indicator(number: number, max: max, ratio: ratio, points: points, reason: nil))
        }
        for (number, max, reason) in Self.outside {
            indicators.append(Indicator(number: number, max: max, ratio: nil, points: nil, reason: reason))
        }
        self.indicators = indicators.sorted { $0.number.utf8.lexicographicallyPrecedes($1.number.utf8) }
    }

    /// The JSON object of docs/kpi-report.md (`scores766`).
    package var json: String {
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "null" }
        let members = indicators.map { i in
            var text = "\"\(i.number)\":{\"max\":\(i.max),\"ratio\":\(number(i.ratio)),\"points\":\(number(i.points))"
            if let reason = i.reason { text += ",\"reason\":\"\(reason)\"" }
            return text + "}"
        }
        return "{\"label\":\"reconstruction\",\"indicators\":{\(members.joined(separator: ","))},"
            + "\"points\":\(points),\"computableMax\":\(Self.computableMax),\"max\":\(Self.max)}"
    }
}

extension Scores766 {
    /// One of the Portal's six tiles: its name, maximum and indicators.
    public struct Tile: Sendable, Hashable {
        public let number: String
        public let name: String
        public let max: Int
        public let indicators: [String]
    }

    /// The six tiles, as DOMAIN.md §7 groups the 100 points.
    public static let tiles: [Tile] = [
        Tile(number: "1", name: "Công khai, minh bạch", max: 18, indicators: ["1.1", "1.2", "1.3", "1.4"]),
        Tile(number: "2", name: "Tiến độ giải quyết", max: 20, indicators: ["2.1"]),
        Tile(number: "3", name: "Dịch vụ công trực tuyến", max: 12, indicators: ["3.1", "3.2", "3.3"]),
        Tile(number: "4", name: "Thanh toán trực tuyến", max: 10, indicators: ["3.5", "3.6"]),
        Tile(number: "5", name: "Số hóa hồ sơ", max: 22, indicators: ["4.1", "4.2", "4.3", "4.4", "4.5"]),
        Tile(number: "6", name: "Mức độ hài lòng", max: 18, indicators: ["5.2", "5.3", "5.4"]),
    ]

    /// Each indicator's name in Vietnamese.
    public static let names: [String: String] = [
        "1.1": "Công bố, công khai thủ tục hành chính",
        "1.2": "Công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia",
        "1.3": "Đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia",
        "1.4": "Công khai tiến độ, kết quả giải quyết hồ sơ",
        "2.1": "Tiến độ giải quyết hồ sơ (trước hạn, đúng hạn, đang giải quyết trong hạn)",
        "3.1": "Cung cấp dịch vụ công trực tuyến",
        "3.2": "Dịch vụ công trực tuyến có phát sinh hồ sơ",
        "3.3": "Hồ sơ nộp trực tuyến",
        "3.5": "Thủ tục hành chính có thanh toán trực tuyến",
        "3.6": "Hồ sơ thanh toán trực tuyến",
        "4.1": "Cấp kết quả giải quyết thủ tục hành chính điện tử",
        "4.2": "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "4.3": "Khai thác, sử dụng lại thông tin, dữ liệu số hóa",
        "4.4": "Chia sẻ, kết nối dữ liệu",
        "4.5": "Cấp bản sao điện tử có chứng thực",
        "5.2": "Xử lý phản ánh, kiến nghị đúng hạn",
        "5.3": "Phản hồi của người dân về kết quả xử lý phản ánh, kiến nghị",
        "5.4": "Mức độ hài lòng trong giải quyết thủ tục hành chính",
    ]

    /// The indicators outside the log with why, in Vietnamese, in the Portal's order.
    public static var vietnameseReasons: [(number: String, reason: String)] {
        outside.map { ($0.0, vietnameseReason($0.2)) }
    }

    /// Why an indicator is outside the log, in Vietnamese (for the table and the dashboard).
    public static func vietnameseReason(_ reason: String) -> String {
        switch reason {
        case "online payment is not in the log": "thanh toán trực tuyến không có trong nhật ký"
        case "data sharing and certified e-copies are not in the log":
            "chia sẻ dữ liệu, bản sao điện tử có chứng thực không có trong nhật ký"
        case "complaint feedback is not in the log": "phản hồi về xử lý phản ánh, kiến nghị không có trong nhật ký"
        default: "công khai danh mục và đồng bộ Cổng Dịch vụ công quốc gia không có trong nhật ký"
        }
    }
}
