/// What a cell means, not what colour it is: themes map roles to colours, so
/// the code never names one.
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    case normal, ok, warning, critical, unknown, stale, accent, muted, selection, border, header
    /// Full-width alarms (stale data, cache unreadable): the loudest style.
    case banner

    /// The role's place in ``allCases``: an index into tables by role (a
    /// dictionary lookup hashes the raw string, once per run of cells drawn).
    public var ordinal: Int {
        switch self {
        case .normal: 0
        case .ok: 1
        case .warning: 2
        case .critical: 3
        case .unknown: 4
        case .stale: 5
        case .accent: 6
        case .muted: 7
        case .selection: 8
        case .border: 9
        case .header: 10
        case .banner: 11
        }
    }
}

/// One terminal cell: a grapheme (or `""` for the right half of a wide one) and its role.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var role: StyleRole
    public var bold: Bool

    public init(_ text: String = " ", role: StyleRole = .normal, bold: Bool = false) {
        self.text = text
        self.role = role
        self.bold = bold
    }

    public static let blank = Cell()
}
