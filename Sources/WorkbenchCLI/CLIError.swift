/// A user-facing error of the command-line tool: the message says which file, which line, what was expected.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
