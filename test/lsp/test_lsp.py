"""test/lsp/test_lsp.py — `plumb lsp` driven through JSON-RPC, one test class per feature,
each checking the server's exact answers on test/lsp/Inputs/sample.pipe (which imports
lib.pipe). ctest runs each class as `lsp.<Class>` (test/lsp/CMakeLists.txt):
  PLUMB=build/tools/plumb/plumb python3 test/lsp/test_lsp.py Hover
"""
import os
import pathlib
import tempfile
import unittest

from lsp_client import Client

INPUTS = pathlib.Path(__file__).resolve().parent / "Inputs"
SAMPLE = INPUTS / "sample.pipe"
URI = SAMPLE.as_uri()
LIB_URI = (INPUTS / "lib.pipe").as_uri()


def pos(line, character):
    return {"line": line, "character": character}


def rng(line, start, end_line, end):
    return {"start": pos(line, start), "end": pos(end_line, end)}


def at(line, character, **extra):
    return {"textDocument": {"uri": URI}, "position": pos(line, character), **extra}


class Session(unittest.TestCase):
    """A server with sample.pipe open, its first diagnostics received."""

    def setUp(self):
        self.client = Client()
        self.capabilities = self.client.initialize()["capabilities"]
        self.text = SAMPLE.read_text()
        self.client.open(URI, self.text)
        self.first_diagnostics = self.client.diagnostics(URI)

    def tearDown(self):
        self.assertEqual(self.client.close(), 0)

    def request(self, method, params):
        return self.client.request(method, params)


class Lifecycle(Session):
    def test_capabilities(self):
        self.assertEqual(self.capabilities["textDocumentSync"]["change"], 2)
        for provider in ("hoverProvider", "definitionProvider", "referencesProvider",
                         "documentSymbolProvider", "documentFormattingProvider"):
            self.assertTrue(self.capabilities[provider], provider)
        self.assertEqual(self.capabilities["renameProvider"], {"prepareProvider": True})

    def test_requests_after_shutdown_are_refused_and_exit_says_zero(self):
        self.assertIsNone(self.request("shutdown", {}))
        with self.assertRaises(RuntimeError) as raised:
            self.request("textDocument/hover", at(3, 3))
        self.assertEqual(raised.exception.args[0]["code"], -32600)

    def test_exit_without_shutdown_says_one(self):
        client = Client()
        client.initialize()
        client.notify("exit")
        self.assertEqual(client.process.wait(timeout=20), 1)
        client.close()

    def test_request_before_initialize(self):
        client = Client()
        answer = client.response(client.request_async("textDocument/hover", at(3, 3)))
        self.assertEqual(answer["error"]["code"], -32002)
        client.close()


class Robustness(Session):
    """Malformed messages get JSON-RPC errors; the server keeps serving afterwards."""

    def error_of(self, raw):
        self.client.send_raw(raw)
        answer = self.client.wait(lambda m: "error" in m and m.get("id") is None)
        return answer["error"]

    def still_serving(self):
        self.assertEqual(self.request("textDocument/definition", at(4, 16))["range"],
                         rng(3, 2, 3, 10))

    def test_invalid_json(self):
        body = b"{not json"
        error = self.error_of(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.assertEqual(error, {"code": -32700, "message": "the message is not valid JSON"})
        self.still_serving()

    def test_missing_content_length(self):
        error = self.error_of(b"Content-Type: x\r\n\r\n")
        self.assertEqual(error, {"code": -32700,
                                 "message": "a message without a valid Content-Length header"})
        self.still_serving()

    def test_not_a_request(self):
        body = b"[1, 2]"
        error = self.error_of(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.assertEqual(error["code"], -32600)
        self.still_serving()

    def test_bad_notification_is_logged(self):
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": 1}]})
        message = self.client.wait(lambda m: m.get("method") == "window/logMessage")
        self.assertEqual(message["params"]["type"], 1)
        self.assertTrue(message["params"]["message"].startswith(
            "plumb lsp: ignored textDocument/didChange: invalid params: "), message)
        self.still_serving()

    def test_unknown_method_and_bad_params(self):
        with self.assertRaises(RuntimeError) as raised:
            self.request("textDocument/unknown", at(0, 0))
        self.assertEqual(raised.exception.args[0]["code"], -32601)
        with self.assertRaises(RuntimeError) as raised:
            self.request("textDocument/hover", {"textDocument": {"uri": URI}, "position": "x"})
        self.assertEqual(raised.exception.args[0]["code"], -32602)
        with self.assertRaises(RuntimeError) as raised:
            self.request("textDocument/hover", {"textDocument": {"uri": "file:///nope.pipe"},
                                                "position": pos(0, 0)})
        self.assertEqual(raised.exception.args[0]["code"], -32602)
        self.still_serving()


class Diagnostics(Session):
    def test_errors_and_warnings_with_ranges_and_related_information(self):
        self.assertEqual(self.first_diagnostics, [
            {"range": rng(8, 2, 8, 8), "severity": 2, "code": "unused-binding", "source": "plumb",
             "message": "`unused` is never used, so computing it is wasted work (prefix the "
                        "name with `_` to keep it anyway)"},
            {"range": rng(9, 2, 9, 10), "severity": 1, "code": "rebinding", "source": "plumb",
             "message": "`greeting` is already bound; a name is bound once (declare it with "
                        "`var` to update it in a loop or branch)",
             "relatedInformation": [{"location": {"uri": URI, "range": rng(3, 2, 3, 10)},
                                     "message": "first bound here"}]},
        ])

    def test_incremental_change_then_debounced_publish(self):
        # Two quick edits (removing line 9, then renaming `unused` to `_unused`): one check.
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": rng(9, 0, 10, 0), "text": ""}]})
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 3},
            "contentChanges": [{"range": rng(8, 2, 8, 2), "text": "_"}]})
        message = self.client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        self.assertEqual(message["params"], {"uri": URI, "version": 3, "diagnostics": []})

    def test_parse_error_and_full_change(self):
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"text": "pipeline main() {\n  x = (1 +\n}\n"}]})
        [diagnostic] = self.client.diagnostics(URI)
        self.assertEqual(diagnostic["severity"], 1)
        self.assertEqual(diagnostic["range"]["start"]["line"], 2)

    def test_saving_an_imported_file_rechecks(self):
        with tempfile.TemporaryDirectory() as folder:
            lib = pathlib.Path(folder) / "lib.pipe"
            lib.write_text("pipeline helper() -> int {\n  return 1\n}\n")
            main = pathlib.Path(folder) / "main.pipe"
            text = 'import "lib.pipe"\n\npipeline main() {\n  x = helper()\n  return x\n}\n'
            main.write_text(text)
            self.client.open(main.as_uri(), text)
            self.assertEqual(self.client.diagnostics(main.as_uri()), [])
            lib.write_text('pipeline helper() -> int {\n  return "one"\n}\n')
            self.client.notify("textDocument/didSave", {"textDocument": {"uri": lib.as_uri()}})
            [problem] = self.client.diagnostics(main.as_uri())
            # Shown on the import, its place in lib.pipe as related information.
            self.assertEqual(problem["range"], rng(0, 7, 0, 17))
            self.assertTrue(problem["message"].startswith("in %s:2:10: " % lib), problem)
            self.assertEqual(problem["relatedInformation"][0]["location"],
                             {"uri": lib.as_uri(), "range": rng(1, 9, 1, 14)})

    def test_close_clears(self):
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": URI}})
        self.assertEqual(self.client.diagnostics(URI), [])


class Hover(Session):
    def hover(self, line, character):
        return self.request("textDocument/hover", at(line, character))

    def test_stage(self):
        answer = self.hover(6, 13)
        self.assertEqual(answer["range"], rng(6, 10, 6, 18))
        value = answer["contents"]["value"]
        self.assertTrue(value.startswith(
            "```plumb\nhttp.get(url: str, body: any = null, headers: record = {}, "
            "timeout: float = 30.0, query: record = {}, check: str = \"server\") -> "
            "{status: int, headers: record, body: any}\n```\n\nvolatile stage\n\nGET a URL"),
            value)
        self.assertIn("\n- `url`: ", value)

    def test_binding_type(self):
        self.assertEqual(self.hover(7, 3), {
            "contents": {"kind": "markdown", "value": "```plumb\nsizes: list[int]\n```\n\nbinding"},
            "range": rng(7, 2, 7, 7)})
        self.assertEqual(self.hover(3, 25)["contents"]["value"],
                         "```plumb\nname: str\n```\n\nparameter")
        self.assertEqual(self.hover(7, 52)["contents"]["value"],
                         "```plumb\nword: str\n```\n\n`map`/`filter` item")

    def test_pipeline_and_builtin(self):
        self.assertEqual(self.hover(4, 10)["contents"]["value"],
                         "```plumb\npipeline shout(text: str) -> str\n```\n\npure pipeline")
        self.assertTrue(self.hover(7, 48)["contents"]["value"].startswith(
            "```plumb\nlen(x: str | list | record) -> int\n```\n\nbuilt-in function"))

    def test_pipeline_definition(self):
        self.assertEqual(self.hover(2, 10), {
            "contents": {"kind": "markdown",
                         "value": "```plumb\npipeline main(name: str = \"world\") -> null\n```"
                                  "\n\nvolatile pipeline"},
            "range": rng(2, 9, 2, 13)})

    def test_attribute(self):
        answer = self.hover(5, 4)
        self.assertEqual(answer["range"], rng(5, 2, 5, 8))
        self.assertTrue(answer["contents"]["value"].startswith("```plumb\n@retry("),
                        answer["contents"]["value"])
        self.assertIn("attribute; applies to ", answer["contents"]["value"])

    def test_nothing(self):
        self.assertIsNone(self.hover(1, 0))
        self.assertIsNone(self.hover(3, 14))


class Completion(Session):
    def labels(self, line, character, text=None):
        if text is not None:
            self.client.notify("textDocument/didChange", {
                "textDocument": {"uri": URI, "version": 2},
                "contentChanges": [{"range": rng(line, 0, line, 0), "text": text}]})
        result = self.request("textDocument/completion", at(line, character))
        return [item["label"] for item in result["items"]]

    def test_stages_of_a_namespace(self):
        self.assertEqual(self.labels(6, 15), ["get", "post"])
        labels = self.labels(11, 9, "  x = io.")
        self.assertIn("read_text", labels)
        self.assertNotIn("get", labels)

    def test_bindings_pipelines_builtins_keywords(self):
        # A half-typed line: the bindings come from the last check that parsed.
        labels = self.labels(10, 5, "  x = ")
        # Sorted as the client shows them: bindings, pipelines, namespaces, built-ins, keywords.
        self.assertEqual(labels[:8], ["greeting", "loud", "name", "reply", "sizes", "unused",
                                      "main", "shout"])
        for expected in ("main", "shout", "io", "http", "len", "upper", "map", "if"):
            self.assertIn(expected, labels)

    def test_prefix(self):
        self.assertEqual(self.labels(10, 8, "  x = lo"), ["loud", "log", "lower"])

    def test_keyword_arguments(self):
        labels = self.labels(6, 25, None)
        self.assertEqual(labels, [])  # in a string's text
        result = self.request("textDocument/completion", at(10, 41))
        items = [i for i in result["items"] if i["kind"] == 5]
        self.assertEqual(items, [])  # log.info takes **fields only, `msg` given
        self.labels(11, 0, "  y = http.get(\"u\", )\n")
        result = self.request("textDocument/completion", at(11, 20))
        keywords = [i["label"] for i in result["items"] if i["kind"] == 5]
        # `url` is given by position.
        self.assertEqual(keywords, ["body", "check", "headers", "query", "timeout"])
        self.assertEqual(result["items"][0]["insertText"], "body: ")

    def test_attributes(self):
        labels = self.labels(11, 4, "  @re")
        self.assertEqual(labels, ["retry"])

    def test_nothing_in_a_comment(self):
        self.assertEqual(self.labels(11, 7, "  # lo"), [])


class Definition(Session):
    def test_binding(self):
        self.assertEqual(self.request("textDocument/definition", at(4, 16)),
                         {"uri": URI, "range": rng(3, 2, 3, 10)})

    def test_pipeline_in_an_imported_file(self):
        self.assertEqual(self.request("textDocument/definition", at(4, 10)),
                         {"uri": LIB_URI, "range": rng(1, 9, 1, 14)})

    def test_imported_file(self):
        self.assertEqual(self.request("textDocument/definition", at(0, 10)),
                         {"uri": LIB_URI, "range": rng(0, 0, 0, 0)})

    def test_nothing(self):
        self.assertIsNone(self.request("textDocument/definition", at(1, 0)))

    def test_a_document_that_is_not_a_file(self):
        untitled = "untitled:Untitled-1"
        self.client.open(untitled, "pipeline main() {\n  x = 1\n  yield x\n}\n")
        self.assertEqual(
            self.request("textDocument/definition",
                         {"textDocument": {"uri": untitled}, "position": pos(2, 8)}),
            {"uri": untitled, "range": rng(1, 2, 1, 3)})


class References(Session):
    def test_binding(self):
        found = self.request("textDocument/references",
                             at(4, 3, context={"includeDeclaration": True}))
        self.assertEqual(found, [{"uri": URI, "range": rng(4, 2, 4, 6)},
                                 {"uri": URI, "range": rng(7, 33, 7, 37)},
                                 {"uri": URI, "range": rng(10, 11, 10, 15)}])
        found = self.request("textDocument/references",
                             at(4, 3, context={"includeDeclaration": False}))
        self.assertEqual(len(found), 2)

    def test_pipeline(self):
        found = self.request("textDocument/references",
                             at(4, 10, context={"includeDeclaration": True}))
        self.assertEqual(found, [{"uri": LIB_URI, "range": rng(1, 9, 1, 14)},
                                 {"uri": URI, "range": rng(4, 9, 4, 14)}])


class Symbols(Session):
    def test_pipelines_and_bindings(self):
        [main] = self.request("textDocument/documentSymbol", {"textDocument": {"uri": URI}})
        self.assertEqual((main["name"], main["kind"], main["detail"]),
                         ("main", 12, "pipeline main(name: str = \"world\") -> null"))
        self.assertEqual(main["selectionRange"], rng(2, 9, 2, 13))
        self.assertEqual(main["range"], rng(2, 9, 11, 1))
        self.assertEqual([(c["name"], c["detail"]) for c in main["children"]], [
            ("name", "str"), ("greeting", "str"), ("loud", "str"),
            ("reply", "{status: int, headers: record, body: any}"), ("sizes", "list[int]"),
            ("word", "str"), ("unused", "int")])


class Rename(Session):
    def test_prepare(self):
        self.assertEqual(self.request("textDocument/prepareRename", at(7, 35)),
                         {"range": rng(7, 33, 7, 37), "placeholder": "loud"})
        self.assertIsNone(self.request("textDocument/prepareRename", at(6, 13)))

    def test_rename(self):
        edit = self.request("textDocument/rename", at(7, 35, newName="shouted"))
        self.assertEqual(edit, {"changes": {URI: [
            {"range": rng(4, 2, 4, 6), "newText": "shouted"},
            {"range": rng(7, 33, 7, 37), "newText": "shouted"},
            {"range": rng(10, 11, 10, 15), "newText": "shouted"}]}})

    def test_refused(self):
        for new_name in ("map", "1x", "a-b", "sizes"):
            with self.assertRaises(RuntimeError) as raised:
                self.request("textDocument/rename", at(4, 3, newName=new_name))
            self.assertEqual(raised.exception.args[0]["code"], -32803, new_name)
        with self.assertRaises(RuntimeError) as raised:
            self.request("textDocument/rename", at(6, 13, newName="x"))
        self.assertEqual(raised.exception.args[0]["message"], "there is no binding to rename here")


class Formatting(Session):
    def format(self):
        return self.request("textDocument/formatting",
                            {"textDocument": {"uri": URI}, "options": {"tabSize": 2,
                                                                       "insertSpaces": True}})

    def test_formatted_file_needs_no_edit(self):
        self.assertEqual(self.format(), [])

    def test_reformat(self):
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"text": "pipeline  main( ) {\n x=1+2\n  yield x }\n"}]})
        self.assertEqual(self.format(), [{"range": rng(0, 0, 3, 0),
                                          "newText": "pipeline main() {\n  x = 1 + 2\n  yield x\n}\n"}])

    def test_unparsable(self):
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "pipeline {"}]})
        with self.assertRaises(RuntimeError) as raised:
            self.format()
        self.assertEqual(raised.exception.args[0]["code"], -32803)


class SignatureHelp(Session):
    def help(self, line, character, text):
        self.client.notify("textDocument/didChange", {
            "textDocument": {"uri": URI, "version": 2},
            "contentChanges": [{"range": rng(line, 0, line, 0), "text": text}]})
        return self.request("textDocument/signatureHelp", at(line, len(text)))

    def test_stage_by_position_and_keyword(self):
        answer = self.help(11, 0, "  y = text.split(loud, ")
        [signature] = answer["signatures"]
        self.assertEqual(signature["label"],
                         "text.split(s: str, max_chars: int = 1000, overlap: int = 0) -> list[str]")
        self.assertEqual(signature["parameters"], [{"label": [11, 17]}, {"label": [19, 40]},
                                                   {"label": [42, 58]}])
        self.assertEqual(answer["activeParameter"], 1)
        answer = self.request("textDocument/signatureHelp", at(11, 15))
        self.assertIsNone(answer)  # on the callee, before the parenthesis

    def test_keyword(self):
        answer = self.help(11, 0, "  y = text.split(loud, overlap: ")
        self.assertEqual(answer["activeParameter"], 2)

    def test_builtin_and_pipeline(self):
        self.assertEqual(self.help(11, 0, "  y = len(")["signatures"][0]["label"],
                         "len(x: str | list | record) -> int")
        self.assertEqual(self.help(12, 0, "  z = shout(")["signatures"][0]["label"],
                         "shout(text: str) -> str")


class Prefixes(unittest.TestCase):
    """Every example cut after each line, sent as a whole-text change, then every request at
    the cut: one server per example, the requests sent without waiting and the answers read
    at the end (test/unit/lsp/prefixes_test.cpp does the same in-process, byte by byte)."""

    def test_every_request_on_every_line_prefix(self):
        root = pathlib.Path(os.environ.get("PLUMB_SOURCE_DIR", INPUTS.parents[2]))
        examples = sorted(root.glob("examples/**/*.pipe"))
        self.assertTrue(examples)
        for path in examples:
            with self.subTest(path=str(path)):
                self.check_prefixes(path)

    def check_prefixes(self, path):
        client = Client()
        client.initialize()
        uri = path.as_uri()
        lines = path.read_text().splitlines(keepends=True)
        client.open(uri, "")
        asked = []
        # Sanitizer builds (ten times slower) take every LSP_PREFIX_LINE_STEP-th line and the
        # whole file (test/CMakeLists.txt); unit_lsp's in-process test covers every line there.
        step = int(os.environ.get("LSP_PREFIX_LINE_STEP", "1"))
        for count in sorted(set(range(0, len(lines) + 1, step)) | {len(lines)}):
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": count + 2},
                "contentChanges": [{"text": "".join(lines[:count])}]})
            end = {"line": count, "character": 0} if count == len(lines) else \
                {"line": max(count - 1, 0), "character": len(lines[count - 1]) if count else 0}
            document = {"textDocument": {"uri": uri}}
            position = {"position": end}
            for method, extra in (
                    ("textDocument/hover", position), ("textDocument/completion", position),
                    ("textDocument/signatureHelp", position),
                    ("textDocument/definition", position),
                    ("textDocument/references",
                     {**position, "context": {"includeDeclaration": True}}),
                    ("textDocument/prepareRename", position),
                    ("textDocument/rename", {**position, "newName": "renamed"}),
                    ("textDocument/documentSymbol", {}),
                    ("textDocument/formatting", {"options": {"tabSize": 2, "insertSpaces": True}})):
                asked.append((client.request_async(method, {**document, **extra}), method, count))
        for ident, method, count in asked:
            answer = client.response(ident)
            if "error" in answer:
                # Refusals (rename where there is no binding, formatting what does not
                # parse) are fine; an internal error is not.
                self.assertEqual(answer["error"]["code"], -32803, (method, count, answer))
        diagnostics = client.diagnostics(uri)
        self.assertIsInstance(diagnostics, list)
        self.assertEqual(client.close(), 0)


if __name__ == "__main__":
    unittest.main()
