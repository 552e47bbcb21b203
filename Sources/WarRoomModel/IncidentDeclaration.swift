import Foundation

/// An incident an operator declares by hand (`warroom incident open`): the
/// agent opens its own on detection; people open the ones no check sees.
public struct IncidentDeclaration: Codable, Equatable, Sendable {
    public static let longestTitle = 200

    public var title: String
    public var severity: IncidentSeverity
    /// The site it is about, if one.
    public var siteID: String?
    /// The service whose RTO its clock runs against, if one.
    public var serviceID: String?
    /// When the impact began, if before the declaration (the RTO clock starts here).
    public var impactStartedAt: EpochMillis?
    /// The one who declares it takes command at once.
    public var takesCommand: Bool

    public init(title: String, severity: IncidentSeverity, siteID: String? = nil, serviceID: String? = nil,
                impactStartedAt: EpochMillis? = nil, takesCommand: Bool = false) {
        self.title = title
        self.severity = severity
        self.siteID = siteID
        self.serviceID = serviceID
        self.impactStartedAt = impactStartedAt
        self.takesCommand = takesCommand
    }

    /// Why it cannot be opened as declared at `now`, given the sites and
    /// services the cache knows; `nil` when it can.
    public func refusal(knownSites: Set<String>, knownServices: Set<String>, at now: EpochMillis) -> String? {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "an incident needs a title saying what is wrong" }
        if trimmed.count > Self.longestTitle { return "the title is \(trimmed.count) characters; at most \(Self.longestTitle)" }
        if let siteID, !knownSites.contains(siteID) {
            return "no site '\(siteID)' in this cache; known: \(knownSites.sorted().joined(separator: ", "))"
        }
        if let serviceID, !knownServices.contains(serviceID) {
            return "no service '\(serviceID)' in this cache; known: \(knownServices.sorted().joined(separator: ", "))"
        }
        if let impactStartedAt, impactStartedAt > now { return "the impact cannot start after now" }
        return nil
    }
}
