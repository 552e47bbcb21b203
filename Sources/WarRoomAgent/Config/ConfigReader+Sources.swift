import Foundation
import WarRoomModel
import WarRoomProbes

/// The sources read whole: `alertmanager:` (and `prometheus:`).
extension ConfigReader {
    mutating func readAlertmanager(_ top: ConfigFields) {
        guard let section = top.mapping("alertmanager", allowed: [
            "url", "interval", "timeout", "severity_label", "site_label", "service_label",
        ]) else { return }
        guard let url = httpURL(section, "url") else { return }
        let interval = section.duration("interval") ?? checkDefaults.interval
        let timeout = section.duration("timeout") ?? checkDefaults.timeout
        if timeout > interval {
            section.problem("timeout", "\(Format.seconds(timeout)) is longer than the interval of \(Format.seconds(interval)): polls would overlap")
        }
        config.alertmanager = AlertmanagerSettings(
            url: url,
            mapping: AlertLabelMapping(severityLabel: section.string("severity_label") ?? "severity",
                                       siteLabel: section.string("site_label") ?? "site",
                                       serviceLabel: section.string("service_label") ?? "service",
                                       siteIDs: Set(config.sites.map(\.id)), serviceIDs: Set(config.services.map(\.id))),
            intervalSeconds: interval, timeoutSeconds: timeout)
    }

    mutating func readPrometheus(_ top: ConfigFields) {
        guard let section = top.mapping("prometheus", allowed: ["url", "interval", "timeout", "queries"]) else { return }
        let url = httpURL(section, "url")
        let interval = section.duration("interval") ?? checkDefaults.interval
        let timeout = section.duration("timeout") ?? checkDefaults.timeout
        if timeout > interval {
            section.problem("timeout", "\(Format.seconds(timeout)) is longer than the interval of \(Format.seconds(interval)): polls would overlap")
        }
        let nodes = section.sequence("queries", required: true)
        var queries: [PrometheusQuery] = []
        for (index, node) in nodes.enumerated() {
            guard let fields = ConfigFields(node, path: "prometheus.queries[\(index + 1)]", allowed: [
                "link", "site", "service", "lag", "up", "latency", "warning", "critical",
            ], problems: problems) else { continue }
            if let query = prometheusQuery(fields) { queries.append(query) }
        }
        if section.has("queries") && nodes.isEmpty { section.problem("queries", "name at least one query") }
        guard let url else { return }
        config.prometheus = PrometheusSettings(url: url, queries: queries, intervalSeconds: interval, timeoutSeconds: timeout)
    }

    /// Exactly one of `lag` (for a `link`), `up` or `latency` (for a `site` and `service`).
    private func prometheusQuery(_ fields: ConfigFields) -> PrometheusQuery? {
        let given = ["lag", "up", "latency"].filter(fields.has)
        guard given.count == 1, let kind = given.first else {
            fields.problem(given.first ?? "lag", given.isEmpty ? "a query needs one of `lag:`, `up:` or `latency:`"
                : "a query is one of `lag:`, `up:` or `latency:`, not \(given.count)")
            return nil
        }
        guard let expression = fields.string(kind, required: true) else { return nil }
        if kind == "lag" {
            guard let linkID = fields.string("link", required: true) else { return nil }
            guard config.links.contains(where: { $0.id == linkID }) else {
                let known = config.links.map(\.id).joined(separator: ", ")
                fields.problem("link", "no replication link '\(linkID)' (links: \(known.isEmpty ? "none" : known))")
                return nil
            }
            if config.linkChecks.contains(where: { $0.linkID == linkID }) {
                fields.problem("link", "'\(linkID)' is already measured by its `postgres:` or `redis:` block: measure a link one way")
                return nil
            }
            return PrometheusQuery(.linkLag(linkID: linkID), expression: expression)
        }
        let site = self.site(fields, "site")
        let service = self.service(fields, "service")
        guard let site, let service else { return nil }
        if kind == "up" { return PrometheusQuery(.up(siteID: site, serviceID: service), expression: expression) }
        return PrometheusQuery(.latency(siteID: site, serviceID: service, warningSeconds: fields.duration("warning"),
                                        criticalSeconds: fields.duration("critical")), expression: expression)
    }

    /// An `http://` or `https://` URL with a host.
    func httpURL(_ fields: ConfigFields, _ key: String) -> String? {
        guard let text = fields.string(key, required: true) else { return nil }
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
              !(components.host ?? "").isEmpty else {
            fields.problem(key, "must be an http:// or https:// URL with a host (got '\(text)')")
            return nil
        }
        return text
    }
}
