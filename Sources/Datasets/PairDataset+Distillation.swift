import Foundation

extension PairDataset {
    /// Where unlabelled training texts for distillation come from.
    public enum DistillationSource: Sendable, Equatable {
        /// Every distinct sentence of STS-B train (both columns), in first-seen order.
        case stsb
        /// The legal-zh corpus (all documents, in corpus order) and its train queries — never a dev or test
        /// query, so the legal evaluations keep unseen queries (their documents are the shared corpus).
        case legalZh
        /// A text file of one text per line (empty lines skipped).
        case file(URL)

        /// `stsb`, `legal-zh`, or else the path of a text file.
        public init(_ name: String) {
            switch name {
            case "stsb": self = .stsb
            case "legal-zh": self = .legalZh
            default: self = .file(URL(fileURLWithPath: name))
            }
        }
    }

    /// One column `sentence` of the distinct texts of `sources`, in order, for a teacher to embed
    /// (`TeacherEmbeddings.adding`) and a student to imitate.
    ///
    /// - Throws: `DatasetError` naming the file (and line, for a line that is not UTF-8); `.invalidArguments`
    ///   when no text is left.
    public static func distillationTexts(_ sources: [DistillationSource], root: URL? = nil) throws -> PairDataset {
        var seen = Set<String>(), texts: [String] = [], files: [URL] = [], names: [String] = []
        func add(_ t: String) {
            let text = t.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty, seen.insert(text).inserted { texts.append(text) }
        }
        for source in sources {
            switch source {
            case .stsb:
                let d = try stsb(split: .train, root: root)
                for row in d.texts[0].indices { for c in d.texts.indices { add(d.texts[c][row]) } }
                files += d.files
                names.append("stsb")
            case .legalZh:
                let d = try RetrievalDataset.legalZh(split: .train, root: root)
                for id in d.corpusIDs { add(d.corpus[id] ?? "") }
                for id in d.queryIDs { add(d.queries[id] ?? "") }
                files += d.files
                names.append("legal-zh")
            case .file(let url):
                for line in try TextLines(url: url).lines { add(line) }
                files.append(url)
                names.append(url.deletingPathExtension().lastPathComponent)
            }
        }
        guard !texts.isEmpty else { throw DatasetError.invalidArguments("no distillation texts in \(names.joined(separator: ", "))") }
        var out = try PairDataset(name: "distill-" + names.joined(separator: "+"), columns: ["sentence"], texts: [texts])
        out.files = files
        return out
    }
}
