import WarRoomModel

/// Column labels for sites, unique by construction: the name when it fits,
/// else its initials (or first letters), and when two sites would share a
/// label the later one takes a number. Never a label two sites share.
enum SiteCodes {
    static func make(_ sites: [Site], width: Int, glyphs: Glyphs) -> [String: String] {
        var codes: [String: String] = [:]
        var taken: Set<String> = []
        for site in sites {
            let base = String(OverviewScreen.shortName(glyphs.safe(site.name), fitting: width).prefix(width))
            var code = base
            var number = 2
            while taken.contains(code) {
                let suffix = String(number)
                code = String(base.prefix(max(1, width - suffix.count))) + suffix
                number += 1
            }
            taken.insert(code)
            codes[site.id] = code
        }
        return codes
    }
}
