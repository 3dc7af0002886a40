import Foundation
public import MotCuaDomain

/// A KPI report: the figures of one query, and their renderings (docs/kpi-report.md).
public struct KPIReport: Sendable, Hashable {
    /// One group of a grouped report.
    public struct Group: Sendable, Hashable {
        public let key: String
        public let counts: KPICounts
        /// The `onTimeRate` target of this group (0.99 for TNMT/KHDT groups, else 1).
        public let onTimeTarget: Double
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
                + body(group.counts, extra: nil, onTime: group.onTimeTarget) + "}"
        }.joined(separator: ",")
        out += "],\"total\":{" + body(total, extra: procedures, onTime: 1) + "}}\n"
        return out
    }

    private func body(_ counts: KPICounts, extra: ProcedureCounts?, onTime: Double) -> String {
        var entries = counts.entries
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
        let countNames = KPICounts().entries.map(\.0) + ProcedureCounts().entries.map(\.0)
        let rateNames = KPICounts().rates.map(\.0) + ["fullOnlineServiceRate"]
        var lines = [([keyName] + countNames + rateNames).joined(separator: ",")]
        func row(_ key: String, _ counts: KPICounts, _ extra: ProcedureCounts?) -> String {
            let values =
                counts.entries.map { String($0.1) }
                + ProcedureCounts().entries.map { name, _ in
                    extra.map { e in String(e.entries.first { $0.0 == name }!.1) } ?? ""
                }
            let rates =
                counts.rates.map { $0.1.map { "\($0)" } ?? "" } + [extra?.fullOnlineServiceRate.map { "\($0)" } ?? ""]
            return ([csvField(key)] + values + rates).joined(separator: ",")
        }
        for group in groups { lines.append(row(group.key, group.counts, nil)) }
        lines.append(row("total", total, procedures))
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
        let hundredths = Int((rate * 10_000).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
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
