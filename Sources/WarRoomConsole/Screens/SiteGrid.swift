import WarRoomModel
import WarRoomReports

/// The Overview's sites when they do not fit as tiles: a line counting them
/// by health, then one entry per site, worst first (grouped by region and
/// role within a health), as many as the space holds; the rest, healthy by
/// construction of the order, are counted. A calm fleet reads calm; the
/// broken sites are on top.
struct SiteGrid {
    /// Narrower than this, a tile says nothing useful.
    static let minimumTileWidth = 20
    static let entryWidth = 28

    var context: ConsoleContext

    /// True when every site gets a tile of at least ``minimumTileWidth`` columns.
    static func tilesFit(sites: Int, width: Int) -> Bool {
        sites * minimumTileWidth <= width
    }

    func draw(_ sites: [Site], into frame: inout Frame, rect: Rect) {
        let g = context.glyphs
        // Worst first, then grouped by region and role: sorted on keys worked out once per site.
        let health = sites.map { context.siteHealth($0.id) }
        let rows = sites.indices.sorted { a, b in
            let (ra, rb) = (health[a].severityRank, health[b].severityRank)
            if ra != rb { return ra > rb }
            return (sites[a].location, sites[a].role.rawValue, sites[a].name) < (sites[b].location, sites[b].role.rawValue, sites[b].name)
        }.map { (site: sites[$0], health: health[$0]) }
        let count = { (state: HealthState) in rows.filter { $0.health == state }.count }
        let down = count(.critical), degraded = count(.warning), stale = count(.stale), unknown = count(.unknown)
        var summary = "SITES \(g.separator) \(rows.count) in all: \(count(.ok)) healthy \(g.separator) \(degraded) degraded"
        summary += " \(g.separator) \(down) down \(g.separator) \(stale) stale"
        if unknown > 0 { summary += " \(g.separator) \(unknown) unknown" }
        let calm = down + degraded + stale + unknown == 0
        frame.put(g.fit(summary, rect.width - 2), x: rect.x + 1, y: rect.y, role: calm ? .ok : down > 0 ? .critical : .warning,
                  bold: true)
        let columns = max(1, (rect.width - 1) / Self.entryWidth)
        let lines = max(0, rect.height - 1)
        var capacity = columns * lines
        if capacity < rows.count { capacity -= 1 }  // the last place says how many more
        for (index, row) in rows.prefix(max(0, capacity)).enumerated() {
            let x = rect.x + 1 + (index / max(1, lines)) * Self.entryWidth
            let y = rect.y + 1 + index % max(1, lines)
            let label = StateLabel.health(row.health)
            let after = frame.put(label, x: x, y: y, role: StateRole.health(row.health), bold: row.health != .ok)
            frame.put(g.fit(" \(g.safe(row.site.name)) \(g.safe(row.site.location))", Self.entryWidth - 1 - (after - x)),
                      x: after, y: y, role: row.health == .ok ? .muted : .normal)
        }
        if capacity >= 0, capacity < rows.count, lines > 0 {
            let index = capacity
            let x = rect.x + 1 + (index / lines) * Self.entryWidth
            let y = rect.y + 1 + index % lines
            let rest = rows.dropFirst(capacity)
            let words = rest.allSatisfy { $0.health == .ok } ? "more, all healthy" : "more"
            frame.put(g.fit("\(g.ellipsis) \(rest.count) \(words)", Self.entryWidth - 1), x: x, y: y, role: .muted)
        }
    }
}
