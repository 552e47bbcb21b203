import Foundation
import Testing
import WarRoomConsole

@Suite("Themes")
struct ThemeTests {
    static let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Themes").path

    @Test("every shipped theme parses and defines every role", arguments: ["default", "light", "high-contrast", "mono"])
    func shipped(name: String) throws {
        let (theme, problem) = ThemeFile.load(name, searchFolders: [Self.themesFolder])
        #expect(problem == nil)
        #expect(theme.name == name)
        let text = try String(contentsOfFile: "\(Self.themesFolder)/\(name).theme", encoding: .utf8)
        for role in StyleRole.allCases {
            #expect(text.contains("\n\(role.rawValue) "), "\(name).theme leaves out \(role.rawValue)")
        }
    }

    @Test("Themes/default.theme is the built-in default, and mono.theme the built-in mono")
    func builtInsMatchFiles() {
        #expect(ThemeFile.load("default", searchFolders: [Self.themesFolder]).theme.styles == Theme.builtInDefault.styles)
        let monoFile = ThemeFile.load("\(Self.themesFolder)/mono.theme", searchFolders: []).theme
        #expect(monoFile.styles == Theme.mono.styles)
    }

    @Test("a bad line names the file and line, and the default theme is used")
    func badLine() throws {
        let dir = NSTemporaryDirectory() + "theme-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [(String, String)] = [
            ("ok = green default\nwarning green default\n", "x.theme:2: expected `role = foreground"),
            ("# c\nsparkle = red default\n", "x.theme:2: unknown role 'sparkle'"),
            ("ok = 300 default\n", "x.theme:1: unknown colour '300'"),
            ("ok = red default blink\n", "x.theme:1: unknown attribute 'blink'"),
            ("ok = red\n", "x.theme:1: 'ok' needs a foreground and a background colour"),
        ]
        for (text, message) in cases {
            try text.write(toFile: "\(dir)/x.theme", atomically: true, encoding: .utf8)
            let (theme, problem) = ThemeFile.load("\(dir)/x.theme", searchFolders: [])
            #expect(theme == .builtInDefault)
            #expect(problem?.contains(message) == true, "\(problem ?? "no problem") lacks \(message)")
            #expect(problem?.contains("using the default theme") == true)
        }
        let missing = ThemeFile.load("neon", searchFolders: [dir])
        #expect(missing.theme == .builtInDefault)
        #expect(missing.problem?.contains("theme 'neon' not found") == true)
    }

    @Test("NO_COLOR means mono, whatever theme was asked for")
    func noColor() {
        #expect(ThemeFile.resolve("high-contrast", environment: ["NO_COLOR": "1"], searchFolders: [Self.themesFolder]).theme == .mono)
        #expect(ThemeFile.resolve("high-contrast", environment: [:], searchFolders: [Self.themesFolder]).theme.name == "high-contrast")
    }

    @Test("256 colours fold to the nearest of the basic 8")
    func basicColors() {
        #expect(ThemeColor.index(196).basic == .index(1), "bright red is red")
        #expect(ThemeColor.index(46).basic == .index(2), "bright green is green")
        #expect(ThemeColor.index(214).basic == .index(3), "orange is yellow")
        #expect(ThemeColor.index(9).basic == .index(1))
        #expect(ThemeColor.terminalDefault.basic == .terminalDefault)
        #expect(Theme.builtInDefault.basicColors.styles.values.allSatisfy { style in
            [style.foreground, style.background].allSatisfy { if case .index(let v) = $0 { v < 8 } else { true } }
        })
    }
}
