import Foundation
import WarRoomStatus

// The packaged `/usr/bin/warroom`: it answers `status` itself and hands every
// other command to the whole program (``FullProgram``). Scripts, tmux status
// lines and wallboards call `status` every second; a binary that knows only
// the cache and the report starts in a fraction of the time of one that also
// carries the agent's network stack, the console and the argument parser.
let arguments = ProcessArguments.all
if let status = StatusFastPath.options(arguments.dropFirst()) {
    StatusRun.runAndExit(cache: status.cache, json: status.json, utc: status.utc, version: BuildInfo.version)
}
FullProgram.exec(arguments.isEmpty ? ["warroom"] : arguments)
