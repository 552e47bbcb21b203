import Foundation

/// A step's output as one timeline line: every line of a short output, the
/// head and tail of a long one (where a failure usually says why), so the
/// timeline tells what happened without opening the step.
public enum StepOutput {
    /// Lines kept from the start and from the end of a long output.
    public static let headLines = 3
    public static let tailLines = 2
    /// Characters kept of any one line.
    public static let lineLimit = 500

    /// The non-blank lines of `output` joined with ` | `; past
    /// ``headLines`` + ``tailLines`` lines, the middle is counted, not shown.
    public static func summary(_ output: String) -> String {
        let lines = output.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .map { $0.count > lineLimit ? String($0.prefix(lineLimit)) + "…" : $0 }
        guard lines.count > headLines + tailLines else { return lines.joined(separator: " | ") }
        let skipped = lines.count - headLines - tailLines
        return (lines.prefix(headLines) + ["… \(skipped) more line\(skipped == 1 ? "" : "s") …"] + lines.suffix(tailLines))
            .joined(separator: " | ")
    }
}
