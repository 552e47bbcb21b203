import Foundation
import PackagePlugin

/// Writes the version (the `VERSION` file) and the git commit the binary is
/// built from into the `warroom` target before each build, so `warroom
/// --version` and `status --json` say what runs, with no hand-edited constant.
@main
struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let root = context.package.directoryURL
        return [.prebuildCommand(
            displayName: "warroom version and commit",
            executable: URL(filePath: "/bin/sh"),
            arguments: [root.appending(path: "Scripts/build-info").path, root.path, output.path],
            outputFilesDirectory: output)]
    }
}
