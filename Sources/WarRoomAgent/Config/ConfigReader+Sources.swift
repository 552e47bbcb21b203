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
