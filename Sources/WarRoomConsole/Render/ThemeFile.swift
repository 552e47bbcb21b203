import Foundation
import WarRoomReports

/// Reads theme files: one `role = foreground background [attributes]` per line,
/// `#` comments, colours as `default`, a basic name (`red`, `bright-green`) or
/// a 256-colour index; attributes `bold`, `reverse`, `underline`.
///
///     # high-contrast: for wall screens
///     critical = white red bold
///     ok       = 46 default bold
///
/// Roles left out fall back to the built-in default theme.
public enum ThemeFile {
    /// A problem in a theme file, naming the file and line.
    public struct Problem: Error, Equatable, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var message: String

        public var description: String { "\(file):\(line): \(message)" }
    }

    static let colorNames: [String: UInt8] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "bright-black": 8, "gray": 8, "grey": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    /// Parses `text` (the contents of `file`). Any error refuses the whole file.
    public static func parse(_ text: String, file: String, name: String) throws(Problem) -> Theme {
        var styles = Theme.builtInDefault.styles
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if line.isEmpty { continue }
            let number = index + 1
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw Problem(file: file, line: number, message: "expected `role = foreground background [bold] [reverse] [underline]`")
            }
            guard let role = StyleRole(rawValue: parts[0]) else {
                let known = StyleRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem(file: file, line: number, message: "unknown role '\(TerminalText.sanitize(parts[0]))' (known: \(known))")
            }
            let words = parts[1].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 2 else {
                throw Problem(file: file, line: number, message: "'\(role.rawValue)' needs a foreground and a background colour")
            }
            var style = Style(foreground: try color(words[0], file: file, line: number),
                              background: try color(words[1], file: file, line: number))
            for attribute in words.dropFirst(2) {
                switch attribute {
                case "bold": style.bold = true
                case "reverse": style.reverse = true
                case "underline": style.underline = true
                default:
                    throw Problem(file: file, line: number,
                                  message: "unknown attribute '\(TerminalText.sanitize(attribute))' (bold, reverse, underline)")
                }
            }
            styles[role] = style
        }
        return Theme(name: name, styles: styles)
    }

    static func color(_ word: String, file: String, line: Int) throws(Problem) -> ThemeColor {
        if word == "default" { return .terminalDefault }
        if let index = colorNames[word] { return .index(index) }
        if let value = Int(word), (0...255).contains(value) { return .index(UInt8(value)) }
        throw Problem(file: file, line: line, message: "unknown colour '\(TerminalText.sanitize(word))' (default, a name like red, or 0-255)")
    }

    /// Finds and loads a theme by name (`Themes/NAME.theme`) or path. Returns
    /// the built-in default and a one-line message when it can't be used.
    public static func load(_ nameOrPath: String, searchFolders: [String]) -> (theme: Theme, problem: String?) {
        if nameOrPath == "mono" { return (.mono, nil) }
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme")
        let candidates = isPath ? [nameOrPath] : searchFolders.map { "\($0)/\(nameOrPath).theme" }
        guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            if nameOrPath == "default" { return (.builtInDefault, nil) }
            let looked = isPath ? nameOrPath : candidates.first ?? "Themes/\(nameOrPath).theme"
            return (.builtInDefault, "theme '\(TerminalText.sanitize(nameOrPath))' not found (\(TerminalText.sanitize(looked))); using the default theme")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (.builtInDefault, "\(TerminalText.sanitize(path)): cannot read; using the default theme")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (.builtInDefault, "\(TerminalText.sanitize(path)):1: not UTF-8 text; using the default theme")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        do {
            return (try parse(text, file: path, name: name), nil)
        } catch {
            return (.builtInDefault, "\(TerminalText.sanitize(error.description)); using the default theme")
        }
    }

    /// The theme to use: `NO_COLOR` (set to anything) means mono whatever was
    /// asked; otherwise `nameOrPath` as ``load(_:searchFolders:)`` finds it.
    public static func resolve(_ nameOrPath: String, environment: [String: String],
                               searchFolders: [String]) -> (theme: Theme, problem: String?) {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return (.mono, nil) }
        return load(nameOrPath, searchFolders: searchFolders)
    }

    /// Where theme files are looked for: `$WARROOM_THEMES`, then `Themes/` in
    /// the folders above the executable (a checkout) and the working directory.
    public static func searchFolders(executablePath: String, environment: [String: String],
                                     workingDirectory: String) -> [String] {
        var folders: [String] = []
        if let custom = environment["WARROOM_THEMES"], !custom.isEmpty { folders.append(custom) }
        var folder = (URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().path as NSString).deletingLastPathComponent
        while folder != "/" && !folder.isEmpty {
            folders.append(folder + "/Themes")
            folder = (folder as NSString).deletingLastPathComponent
        }
        folders.append(workingDirectory + "/Themes")
        return folders
    }
}
