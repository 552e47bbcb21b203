/// A stretch of cells in one row and one style that a terminal is handed in
/// one call: from `start` up to, not including, `end`.
struct CellRun: Equatable {
    var y: Int
    var start: Int
    var end: Int
    var role: StyleRole
    var bold: Bool
}

extension Frame {
    /// The runs of cells in the top-left `rows` by `columns` of this frame
    /// that differ from `previous` (every cell when there is none, or it is
    /// of another size), each of one style.
    ///
    /// A run starts on a whole character: at the first half of a wide one,
    /// or past its second half when a run just wrote the first (it covers
    /// both columns). It bridges up to `bridging` unchanged cells of its
    /// style to a change after them: one call instead of two.
    func changedRuns(since previous: Frame?, rows: Int, columns: Int, bridging: Int) -> [CellRun] {
        let reference = previous.flatMap { $0.width == width && $0.height == height ? $0 : nil }
        var runs: [CellRun] = []
        // Read in place: a frame of 250 by 70 compares seventeen thousand cells at every refresh.
        glyphs.withUnsafeBufferPointer { now in
            (reference?.glyphs ?? []).withUnsafeBufferPointer { before in
                func changed(_ index: Int) -> Bool {
                    guard let reference, now[index] == before[index] else { return true }
                    return now[index].scalar == Glyph.cluster && !cellMatches(index, of: reference)
                }
                for y in 0..<min(rows, height) {
                    let rowStart = y * width
                    var x = 0
                    var written = 0
                    while x < min(columns, width) {
                        guard changed(rowStart + x) else {
                            x += 1
                            continue
                        }
                        if now[rowStart + x].scalar == Glyph.secondHalf {
                            guard x > written else {
                                x += 1
                                continue
                            }
                            x -= 1
                        }
                        let first = now[rowStart + x]
                        func sameStyle(_ x: Int) -> Bool {
                            now[rowStart + x].role == first.role && now[rowStart + x].bold == first.bold
                        }
                        var end = x + 1
                        scan: while end < min(columns, width), sameStyle(end) {
                            // A wide character's second half goes with its first.
                            if now[rowStart + end].scalar == Glyph.secondHalf || changed(rowStart + end) {
                                end += 1
                                continue
                            }
                            var next = end + 1
                            while next < min(columns, width), next - end <= bridging, sameStyle(next) {
                                if changed(rowStart + next) {
                                    end = next + 1
                                    continue scan
                                }
                                next += 1
                            }
                            break
                        }
                        runs.append(CellRun(y: y, start: x, end: end, role: first.role, bold: first.bold))
                        (x, written) = (end, end)
                    }
                }
            }
        }
        return runs
    }
}
