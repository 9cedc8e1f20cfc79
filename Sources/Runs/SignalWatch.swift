import Dispatch
import Foundation

/// Marks open runs `killed` when the process gets SIGINT or SIGTERM, after flushing their logs.
final class SignalWatch: @unchecked Sendable {
    static let shared = SignalWatch()
    private let lock = NSLock()
    private var runs: [ObjectIdentifier: Run] = [:]
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "runs.signals")
    private var terminating = false

    /// Whether a signal is ending the process (writers then wait for the exit instead of failing).
    var isTerminating: Bool { lock.withLock { terminating } }

    func register(_ run: Run) {
        lock.withLock {
            runs[ObjectIdentifier(run)] = run
            guard sources.isEmpty else { return }
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler { [weak self] in self?.terminate(signal: sig) }
                source.resume()
                sources.append(source)
            }
        }
    }

    func unregister(_ run: Run) { lock.withLock { _ = runs.removeValue(forKey: ObjectIdentifier(run)) } }

    private func terminate(signal sig: Int32) {
        let open = lock.withLock { terminating = true; return Array(runs.values) }
        for run in open { run.markKilled() }
        exit(128 + sig)
    }
}
