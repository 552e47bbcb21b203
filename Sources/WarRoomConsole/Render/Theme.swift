/// A terminal colour: the terminal's own default, or an index into the
/// 256-colour palette (0–7 are the basic colours every terminal has).
public enum ThemeColor: Equatable, Sendable, Hashable {
    case terminalDefault
    case index(UInt8)

    /// The nearest of the 8 basic colours, for terminals without 256.
    public var basic: ThemeColor {
        guard case .index(let value) = self, value >= 8 else { return self }
        if value < 16 { return .index(value - 8) }
        let (r, g, b) = Self.rgb(value)
        var best: UInt8 = 0
        var bestDistance = Int.max
        for (index, base) in Self.basicRGB.enumerated() {
            let distance = (r - base.0) * (r - base.0) + (g - base.1) * (g - base.1) + (b - base.2) * (b - base.2)
            if distance < bestDistance {
                bestDistance = distance
                best = UInt8(index)
            }
        }
        return .index(best)
    }

    private static let basicRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    ]

    private static func rgb(_ value: UInt8) -> (Int, Int, Int) {
        if value >= 232 {
            let level = 8 + Int(value - 232) * 10
            return (level, level, level)
        }
        let cube = Int(value) - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
    }
}

/// How one role is drawn.
public struct Style: Equatable, Sendable, Hashable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
                bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }
}

/// Roles mapped to styles, loaded from a `Themes/*.theme` file.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [StyleRole: Style]

    public init(name: String, styles: [StyleRole: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: StyleRole) -> Style {
        styles[role] ?? styles[.normal] ?? Style()
    }

    /// The theme with every colour folded to the 8 basic ones.
    public var basicColors: Theme {
        Theme(name: name, styles: styles.mapValues {
            var style = $0
            style.foreground = style.foreground.basic
            style.background = style.background.basic
            return style
        })
    }

    /// The built-in dark theme: the fallback whenever a theme file can't be used.
    /// `Themes/default.theme` holds the same values (a test keeps them equal).
    public static let builtInDefault = Theme(name: "default", styles: [
        .normal: Style(),
        .ok: Style(foreground: .index(46), bold: true),
        .warning: Style(foreground: .index(214), bold: true),
        .critical: Style(foreground: .index(196), bold: true),
        .unknown: Style(foreground: .index(141), bold: true),
        .stale: Style(foreground: .index(231), background: .index(90), bold: true),
        .accent: Style(foreground: .index(45)),
        .muted: Style(foreground: .index(245)),
        .selection: Style(foreground: .index(16), background: .index(45)),
        .border: Style(foreground: .index(240)),
        .header: Style(foreground: .index(231), bold: true),
        .banner: Style(foreground: .index(231), background: .index(160), bold: true),
    ])

    /// No colour at all (`NO_COLOR`, `--theme mono`): states still read by their
    /// words, with bold and reverse for the loud ones.
    public static let mono = Theme(name: "mono", styles: [
        .normal: Style(), .ok: Style(), .warning: Style(bold: true), .critical: Style(bold: true, reverse: true),
        .unknown: Style(underline: true), .stale: Style(bold: true, reverse: true), .accent: Style(bold: true),
        .muted: Style(), .selection: Style(reverse: true), .border: Style(), .header: Style(bold: true),
        .banner: Style(bold: true, reverse: true),
    ])
}
