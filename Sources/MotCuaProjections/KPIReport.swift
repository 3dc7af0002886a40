import Foundation
public import MotCuaDomain

/// A KPI report: the figures of one query, and their renderings (docs/kpi-report.md).
public struct KPIReport: Sendable, Hashable {
    /// One group of a grouped report.
    public struct Group: Sendable, Hashable {
        public let key: String
        public let counts: KPICounts
        /// The group's procedures (Decision 766, 3.1–3.2).
        public let procedures: GroupProcedures
        /// The `onTimeTarget` of this group (0.99 for TNMT/KHDT groups, else 1).
        public let onTimeTarget: Double

        /// The group's Decision 766 score card.
        public var scores: Scores766 {
            Scores766(
                counts, procedures: procedures.procedures, onlineProcedures: procedures.onlineProcedures,
                onlineProceduresUsed: procedures.onlineProceduresUsed)
        }
    }

    public let query: KPIQuery
    /// T: the instant the report is evaluated at.
    public let evaluatedAt: Instant
    /// The last log position reflected.
    public let position: Int64
    public let calendarVersion: String
    public let groups: [Group]
    public let total: KPICounts
    public let procedures: ProcedureCounts
    /// With `query.agency`: that agency's procedures, as a group's (its total is one agency's figures).
    let agencyProcedures: GroupProcedures?

    /// The total's Decision 766 score card: 3.1 and 3.2 over the whole catalogue at T, or, when the query
    /// keeps to one agency, over that agency's procedures as for its group (a city-wide denominator would
    /// make one agency's 3.2 meaningless).
    public var scores: Scores766 {
        if let own = agencyProcedures {
            return Scores766(
                total, procedures: own.procedures, onlineProcedures: own.onlineProcedures,
                onlineProceduresUsed: own.onlineProceduresUsed)
        }
        return Scores766(
            total, procedures: procedures.procedures, onlineProcedures: procedures.onlineServices,
            onlineProceduresUsed: procedures.onlineProceduresUsed)
    }

    /// The plan's SIPAS floor, applied to dossier ratings as a proxy (DOMAIN.md §6).
    public static let satisfactionTarget = 0.85

    /// The plan's targets for rates that have one (the Hanoi 2025 plan), in report order.
    static func targets(_ counts: KPICounts, onTime: Double) -> [(String, Double, Double?)] {
        let rates = Dictionary(uniqueKeysWithValues: counts.rates.map { ($0.0, $0.1) })
        return [
            ("onTimeRate", onTime, rates["onTimeRate"] ?? nil),
            ("fullyOnlineRate", 1, rates["fullyOnlineRate"] ?? nil),
            ("resultDigitizationRate", 1, rates["resultDigitizationRate"] ?? nil),
            ("complaintOnTimeRate", 1, rates["complaintOnTimeRate"] ?? nil),
            ("satisfactionRate", satisfactionTarget, rates["satisfactionRate"] ?? nil),
        ]
    }
}

extension KPIReport {
    /// The JSON form: one line, members in the documented order, a trailing newline.
    public var json: String {
        var out = "{\"period\":{\"label\":\(quoted(query.period.label)),\"basis\":\"\(query.period.basis.rawValue)\","
        out += "\"from\":\"\(query.period.first)\",\"to\":\"\(query.period.last)\"},"
        out += "\"evaluatedAt\":\"\(evaluatedAt.vietnamRFC3339Nanoseconds)\",\"position\":\(position),"
        out += "\"calendarVersion\":\(quoted(calendarVersion)),\"knownAt\":\(query.knownAt.map(quoted) ?? "null"),"
        out += "\"by\":\(query.grouping.map { "\"\($0.rawValue)\"" } ?? "null"),\"groups\":["
        out += groups.map { group in
            "{\"\(query.grouping?.rawValue ?? "key")\":\(quoted(group.key)),"
                + body(group.counts, group.procedures.entries, extra: nil, onTime: group.onTimeTarget)
                + ",\"scores766\":\(group.scores.json)}"
        }.joined(separator: ",")
        out += "],\"total\":{" + body(total, [], extra: procedures, onTime: 1)
        out += ",\"scores766\":\(scores.json)}}\n"
        return out
    }

    private func body(_ counts: KPICounts, _ more: [(String, Int)], extra: ProcedureCounts?, onTime: Double) -> String {
        var entries = counts.entries + more
        var rates = counts.rates
        var targets = KPIReport.targets(counts, onTime: onTime)
        if let extra {
            entries += extra.entries
            rates.append(("fullOnlineServiceRate", extra.fullOnlineServiceRate))
            targets.append(("fullOnlineServiceRate", 1, extra.fullOnlineServiceRate))
        }
        let countText = entries.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        let rateText = rates.map { "\"\($0.0)\":\(number($0.1))" }.joined(separator: ",")
        let targetText = targets.map { name, target, rate in
            "\"\(name)\":{\"target\":\(number(target)),\"met\":\(rate.map { $0 >= target ? "true" : "false" } ?? "null")}"
        }.joined(separator: ",")
        return "\"counts\":{\(countText)},\"rates\":{\(rateText)},\"targets\":{\(targetText)}"
    }

    /// CSV (RFC 4180): a header, one row per group, then `total`.
    public var csv: String {
        let keyName = query.grouping?.rawValue ?? "group"
        // Group and total procedure counts share `procedures` and `onlineProceduresUsed`; the rest belong
        // to one of them and are empty in the other's rows.
        let procedureNames = [
            "procedures", "onlineProcedures", "onlineServices", "fullOnlineEligibleProcedures",
            "fullOnlineServices", "onlineProceduresUsed",
        ]
        let countNames = KPICounts().entries.map(\.0) + procedureNames
        let rateNames = KPICounts().rates.map(\.0) + ["fullOnlineServiceRate", "points766"]
        var lines = [([keyName] + countNames + rateNames).joined(separator: ",")]
        func row(
            _ key: String, _ counts: KPICounts, _ more: [(String, Int)], _ extra: ProcedureCounts?, _ points: Double
        )
            -> String
        {
            let known = Dictionary(uniqueKeysWithValues: more + (extra?.entries ?? []))
            let values = counts.entries.map { String($0.1) } + procedureNames.map { known[$0].map(String.init) ?? "" }
            let rates =
                counts.rates.map { $0.1.map { "\($0)" } ?? "" } + [extra?.fullOnlineServiceRate.map { "\($0)" } ?? ""]
            return ([csvField(key)] + values + rates + ["\(points)"]).joined(separator: ",")
        }
        for group in groups {
            lines.append(row(group.key, group.counts, group.procedures.entries, nil, group.scores.points))
        }
        lines.append(row("total", total, [], procedures, scores.points))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The table for people: Vietnamese headings, rates as percentages.
    public var table: String {
        let period = query.period
        var out = "Báo cáo \(period.label) (\(period.basis == .report ? "kỳ báo cáo" : "lịch"), "
        out += "\(period.first) – \(period.last)); tính đến \(evaluatedAt.vietnamRFC3339); vị trí \(position); "
        out += "lịch \(calendarVersion)"
        if let knownAt = query.knownAt { out += "; dữ liệu biết đến \(knownAt)" }
        out += "\n"
        let headings = [
            groupHeading, "Tiếp nhận", "Trực tuyến", "Kỳ trước", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn",
            "Đang giải quyết", "Trong hạn", "Quá hạn (đang)", "Xin lỗi", "Đúng hạn %", "Tiến độ %", "Trực tuyến %",
            "Toàn trình %", "Số hóa KQ %", "Số hóa HS %", "PAKN", "PAKN đúng hạn %", "Đánh giá", "Hài lòng %",
        ]
        var rows = [headings]
        for group in groups { rows.append(tableRow(group.key, group.counts)) }
        rows.append(tableRow("Tổng", total))
        let widths = headings.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (index, row) in rows.enumerated() {
            out +=
                zip(row, widths).enumerated().map { column, cell in
                    let padding = String(repeating: " ", count: cell.1 - cell.0.count)
                    return column == 0 ? cell.0 + padding : padding + cell.0
                }.joined(separator: "  ") + "\n"
            if index == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        out += "Thủ tục: \(procedures.procedures), dịch vụ trực tuyến: \(procedures.onlineServices), "
        out += "toàn trình: \(procedures.fullOnlineServices)/\(procedures.fullOnlineEligibleProcedures) "
        out += "(\(percent(procedures.fullOnlineServiceRate)))\n"
        return out
    }

    /// The Decision 766 score card for people (`kpi --scores`): the total's indicators by tile, in
    /// Vietnamese, then the groups ranked by points.
    public var scoreTable: String {
        let period = query.period
        var out = "Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg), tái dựng từ nhật ký: "
        out += "\(period.label) (\(period.first) – \(period.last)); tính đến \(evaluatedAt.vietnamRFC3339); "
        out += "vị trí \(position)\n"
        let card = scores
        out += "Tổng: \(decimal(card.points)) điểm / \(Scores766.computableMax) tính được từ nhật ký "
        out += "(thang \(Scores766.max))\n\n"
        let byNumber = Dictionary(uniqueKeysWithValues: card.indicators.map { ($0.number, $0) })
        var rows = [["Mã", "Chỉ số", "Tối đa", "Tỷ lệ %", "Điểm", "Ghi chú"]]
        for tile in Scores766.tiles {
            let points = tile.indicators.compactMap { byNumber[$0]?.points }.reduce(0, +)
            rows.append(["", tile.name.uppercased(), "\(tile.max)", "", decimal(points), ""])
            for number in tile.indicators {
                guard let indicator = byNumber[number] else { continue }
                rows.append([
                    "  " + number, Scores766.names[number] ?? number, "\(indicator.max)", percent(indicator.ratio),
                    indicator.points.map(decimal) ?? "—",
                    indicator.reason.map(Scores766.vietnameseReason) ?? (indicator.ratio == nil ? "mẫu số bằng 0" : ""),
                ])
            }
        }
        out += aligned(rows, left: [0, 1, 5])
        guard !groups.isEmpty else { return out }
        out += "\nXếp hạng \(groupHeading.lowercased()) theo điểm tính được (/\(Scores766.computableMax)):\n"
        let ranked = groups.map { ($0.key, $0.scores.points) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
        var ranking = [["Hạng", groupHeading, "Điểm"]]
        for (place, entry) in ranked.enumerated() { ranking.append(["\(place + 1)", entry.0, decimal(entry.1)]) }
        out += aligned(ranking, left: [1])
        return out
    }

    /// Rows in columns padded to their widest cell, left-aligned where asked, right-aligned elsewhere.
    private func aligned(_ rows: [[String]], left: Set<Int>) -> String {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = ""
        for (index, row) in rows.enumerated() {
            let cells = zip(row, widths).enumerated().map { column, cell in
                let padding = String(repeating: " ", count: cell.1 - cell.0.count)
                return left.contains(column) ? cell.0 + padding : padding + cell.0
            }
            out += cells.joined(separator: "  ").replacingOccurrences(of: " +$", with: "", options: .regularExpression)
            out += "\n"
            if index == 0 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return out
    }

    /// Points with two decimals.
    private func decimal(_ value: Double) -> String { twoDecimals(Int((value * 100).rounded())) }

    /// A whole number of hundredths with two decimals: `8997` → `89.97`.
    private func twoDecimals(_ hundredths: Int) -> String {
        "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    private var groupHeading: String {
        switch query.grouping {
        case .agency: "Cơ quan"
        case .sector: "Lĩnh vực (ngành)"
        case .field: "Lĩnh vực"
        case .level: "Cấp"
        case .procedure: "Thủ tục"
        case nil: ""
        }
    }

    private func tableRow(_ key: String, _ c: KPICounts) -> [String] {
        let rates = Dictionary(uniqueKeysWithValues: c.rates.map { ($0.0, $0.1) })
        return [
            key, "\(c.received)", "\(c.receivedOnline)", "\(c.carriedOver)", "\(c.finished)", "\(c.early)",
            "\(c.onTime)", "\(c.late)", "\(c.inProcess)", "\(c.inProcessWithinLimit)", "\(c.inProcessLate)",
            "\(c.apologies)", percent(rates["onTimeRate"] ?? nil), percent(rates["progressRate"] ?? nil),
            percent(rates["onlineReceptionRate"] ?? nil), percent(rates["fullyOnlineRate"] ?? nil),
            percent(rates["resultDigitizationRate"] ?? nil), percent(rates["dossierDigitizationRate"] ?? nil),
            "\(c.complaintsReceived)", percent(rates["complaintOnTimeRate"] ?? nil), "\(c.rated)",
            percent(rates["satisfactionRate"] ?? nil),
        ]
    }

    private func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return twoDecimals(Int((rate * 10_000).rounded()))
    }

    private func number(_ value: Double?) -> String {
        guard let value else { return "null" }
        return "\(value)"
    }

    private func quoted(_ text: String) -> String { CanonicalWriter.quoted(text) }

    private func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
