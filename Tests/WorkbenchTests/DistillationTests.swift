import Foundation
import Testing
import TestSupport
@testable import Workbench
import Models

/// Distillation as an experiment runs it: student recipes, objectives, and a short run of a layer-reduced
/// student imitating its teacher on a text file.
@Suite(.serialized) struct DistillationTests {
    @Test func recipesParseAndBadOnesSayWhatIsExpected() throws {
        #expect(try StudentRecipe("L6") == .layerCount(6))
        #expect(try StudentRecipe("L0.4.8") == .layers([0, 4, 8]))
        #expect(try StudentRecipe("model:models/all-MiniLM-L6-v2") == .model("models/all-MiniLM-L6-v2"))
        for bad in ["6", "L", "Lsix", "L1..2", "model:"] {
            #expect(throws: ExperimentError.self, "\(bad)") { try StudentRecipe(bad) }
        }
        let teacher = try RealAssets.model("all-MiniLM-L6-v2").path
        let root = try TemporaryFolder(prefix: "wb-students")
        #expect { try StudentRecipe("L7").build(from: teacher, root: root.url) } throws: { "\($0)".contains("1…6 of the teacher's 6 layers") }
        #expect { try StudentRecipe("L0.6").build(from: teacher, root: root.url) } throws: { "\($0)".contains("layer 6 is out of range") }
    }

    @Test func objectivesByNameWithAProjectionWhenWidthsDiffer() throws {
        #expect(try DistillationObjective.loss("mse", student: 384, teacher: 384).name == "MSELoss")
        let projected = try DistillationObjective.loss("cosine", student: 384, teacher: 768)
        #expect(projected.name == "EmbedDistillLoss" && projected.namedParameters.map(\.1.shape) == [[768, 384], [768]])
        #expect(try DistillationObjective.loss("kl", student: 384, teacher: 768).namedParameters.isEmpty)
        #expect(try DistillationObjective.loss("relative", student: 256, teacher: 768).name == "RelativeSimilarityLoss")
        #expect { try DistillationObjective.loss("kld", student: 1, teacher: 1) } throws: { "\($0)".contains("mse, cosine, l2, relative, kl") }
    }

    /// Trains `student` for 12 steps (batch 16, lr 5e-4, no warm-up or dropout) to imitate the vector column `column`
    /// of `data` under `loss`, in a run under `folder`/runs; returns the saved run and its per-step losses.
    static func distil(_ student: String, on data: PairDataset, loss: any Loss, column: String = "teacher",
                       in folder: TemporaryFolder) throws -> (run: RunData, losses: [Double]) {
        var plan = TrainingPlan(model: student, objective: .single(.init(data, loss, vectorColumn: column)))
        plan.maxSteps = 12
        plan.batchSize = 16
        plan.lr = 5e-4
        plan.warmupRatio = 0
        plan.dropout = false
        let root = folder.appendingPathComponent("runs")
        let run = try Run.start(root: root, experiment: "distill", config: [:], seed: 42)
        try Trainer(plan: plan, run: run).train()
        try run.finish()
        let store = RunStore(root: root)
        let saved = try store.load(try store.resolve(run.manifest.id))
        let losses = saved.series("loss").map(\.value)
        #expect(losses.count == 12)
        return (saved, losses)
    }

    @Test func aLayerReducedStudentLearnsToImitateItsTeacher() throws {
        let teacherPath = try RealAssets.model("all-MiniLM-L6-v2").path
        let lines = (0..<48).map { "Sentence number \($0) is about \(["law", "music", "sport", "food"][$0 % 4]) and \($0 * 7 % 11) things." }
        let folder = try TemporaryFolder(files: ["texts.txt": lines.joined(separator: "\n") + "\n"])
        let teacher = try ModelSpec.load(teacherPath)
        let texts = try PairDataset.distillationTexts([.file(folder.appendingPathComponent("texts.txt"))])
        let data = try TeacherEmbeddings.adding(to: texts, teacher: teacher, store: nil)
        let student = try StudentRecipe("L1").build(from: teacherPath, root: folder.appendingPathComponent("students"))
        let loss = try DistillationObjective.loss("mse", student: try ModelSpec.dimension(of: student), teacher: 384)
        let (data2, losses) = try Self.distil(student, on: data, loss: loss, in: folder)
        print("distill L1 ← L6, mse: loss \(losses.first!) → \(losses.last!)")
        let early: Double = losses.prefix(3).reduce(0, +), late: Double = losses.suffix(3).reduce(0, +)
        #expect(late < 0.7 * early, "the student moves towards the teacher")
        #expect(FileManager.default.fileExists(atPath: data2.ref.folder.appendingPathComponent("model/model.safetensors").path))
    }

    /// No objective needs the teacher's and the student's tokens to align: every one compares sentence embeddings (a
    /// vector per row), so a student with another tokenizer than its teacher's distils as any other: here all-MiniLM-L6-v2
    /// (BERT WordPiece, 384-d) imitating all-mpnet-base-v2 (MPNet's vocabulary, 768-d) through a learnt projection.
    @Test func aStudentWithAnotherTokenizerThanItsTeachersDistils() throws {
        for name in DistillationObjective.names {
            let label = try DistillationObjective.loss(name, student: 384, teacher: 768).signature.label
            #expect(label == .vector(width: 768) || label == .vectorOfAnyWidth, "\(name) takes one teacher vector per text")
        }
        let teacherPath = try RealAssets.model("all-mpnet-base-v2", step: "scripts/fetch-mpnet.sh").path
        let studentPath = try RealAssets.model("all-MiniLM-L6-v2").path
        let lines = (0..<48).map { "Sentence number \($0) is about \(["law", "music", "sport", "food"][$0 % 4]) and \($0 * 7 % 11) things." }
        let teacherModel = try SentenceTransformer(folder: URL(fileURLWithPath: teacherPath))
        let studentModel = try SentenceTransformer(folder: URL(fileURLWithPath: studentPath))
        #expect(teacherModel.tokenizer.encode(lines[0], maxLength: 64) != studentModel.tokenizer.encode(lines[0], maxLength: 64),
                "the two tokenizers give different ids for the same text")
        let folder = try TemporaryFolder(files: ["texts.txt": lines.joined(separator: "\n") + "\n"])
        let texts = try PairDataset.distillationTexts([.file(folder.appendingPathComponent("texts.txt"))])
        let data = try TeacherEmbeddings.adding(to: texts, teacher: try ModelSpec.load(teacherPath), store: nil)
        #expect(data.vectorColumn("teacher")?.width == 768)
        let loss = try DistillationObjective.loss("cosine", student: 384, teacher: 768)
        let losses = try Self.distil(try StudentRecipe("model:" + studentPath).build(from: teacherPath), on: data, loss: loss, in: folder).losses
        print("distill MiniLM-L6 ← MPNet, cosine through a 384→768 projection: loss \(losses.first!) → \(losses.last!)")
        let early: Double = losses.prefix(3).reduce(0, +), late: Double = losses.suffix(3).reduce(0, +)
        #expect(late < 0.7 * early, "the student (and its projection) move towards the teacher")
    }

    @Test func aPCAStudentLearnsTheTeachersLeadingComponents() throws {
        let teacherPath = try RealAssets.model("all-MiniLM-L6-v2").path
        let lines = (0..<48).map { "Sentence number \($0) is about \(["law", "music", "sport", "food"][$0 % 4]) and \($0 * 7 % 11) things." }
        let folder = try TemporaryFolder(files: ["texts.txt": lines.joined(separator: "\n") + "\n"])
        let texts = try PairDataset.distillationTexts([.file(folder.appendingPathComponent("texts.txt"))])
        let data = try TeacherEmbeddings.adding(to: texts, teacher: try ModelSpec.load(teacherPath), store: nil)
        let layered = try StudentRecipe("L2").build(from: teacherPath, root: folder.appendingPathComponent("students"))
        #expect { try PCAStudent.build(student: layered, width: 64, data: data, root: folder.appendingPathComponent("students")) }
            throws: { "\($0)".contains("min(48, 384)") }
        let narrow = try PCAStudent.build(student: layered, width: 32, data: data, root: folder.appendingPathComponent("students"))
        #expect(narrow.column == "teacher-pca32" && narrow.data.vectorColumn("teacher-pca32")?.width == 32)
        #expect(try ModelSpec.dimension(of: narrow.folder) == 32)
        let loss = try DistillationObjective.loss("mse", student: 32, teacher: 32)
        #expect(loss.namedParameters.isEmpty, "the same width: no projection")
        let (saved, losses) = try Self.distil(narrow.folder, on: narrow.data, loss: loss, column: narrow.column, in: folder)
        print("distill L2+pca32 ← L6, mse: loss \(losses.first!) → \(losses.last!)")
        let early: Double = losses.prefix(3).reduce(0, +), late: Double = losses.suffix(3).reduce(0, +)
        #expect(late < 0.8 * early, "the student moves towards the teacher's components")
        let model = try SentenceTransformer(folder: saved.ref.folder.appendingPathComponent("model"))
        let initial = try SentenceTransformer(folder: URL(fileURLWithPath: narrow.folder))
        #expect(model.dimension == 32 && model.dense.count == 1)
        let trained: [Float] = model.dense[0].weight.scalars, before: [Float] = initial.dense[0].weight.scalars
        #expect(trained != before, "the Dense module is trained with the encoder")
    }
}
