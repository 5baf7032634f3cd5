"""Tests of the code generator: spec validation, rendering, determinism, docs in sync."""

import copy
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "codegen"))
import generate  # noqa: E402
from spec import SpecError, load_spec  # noqa: E402

NM_SPEC = REPO / "models" / "nm.yaml"
GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"


def config_target(parameter):
    """How an option table entry points at its config field: a choice through its enum."""
    field = parameter["name"].replace("-", "_")
    if parameter["type"] == "choice":
        return f".target = tinymlkit::ChoiceTarget::of(config.{field})"
    return f".target = &config.{field}"


class SpecFixture(unittest.TestCase):
    def setUp(self):
        self.folder = pathlib.Path(tempfile.mkdtemp(prefix="tmk-codegen-"))
        self.document = yaml.safe_load(NM_SPEC.read_text())

    def tearDown(self):
        shutil.rmtree(self.folder)

    def spec_file(self, document, name="nm"):
        path = self.folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(document))
        return path

    def assert_refused(self, document, *phrases, name="nm"):
        with self.assertRaises(SpecError) as raised:
            load_spec(self.spec_file(document, name))
        message = str(raised.exception)
        self.assertIn(f"{name}.yaml", message)
        for phrase in phrases:
            self.assertIn(phrase, message)


class ValidationTest(SpecFixture):
    def test_the_shipped_spec_is_valid(self):
        spec = load_spec(NM_SPEC)
        self.assertEqual(spec["program"], "tinymlkit-nm")

    def test_unknown_key(self):
        self.document["hyperparameters"][3]["defualt"] = 3
        self.assert_refused(self.document, "hyperparameters/3", "'defualt' was unexpected")

    def test_wrong_type(self):
        self.document["tasks"] = "regression"
        self.assert_refused(self.document, "tasks", "is not of type 'array'")

    def test_default_outside_its_range(self):
        self.document["hyperparameters"][3]["default"] = 5
        self.assert_refused(self.document, "'window': default 5 is outside its range [10, 1000000]")

    def test_default_not_among_choices(self):
        self.document["hyperparameters"][0]["default"] = "cubic"
        self.assert_refused(self.document, "'loss': default 'cubic' is not one of")

    def test_integer_default_must_be_an_integer(self):
        self.document["hyperparameters"][3]["default"] = 20.5
        self.assert_refused(self.document, "'window': default 20.5 is not an integer")

    def test_a_number_needs_a_range(self):
        del self.document["hyperparameters"][3]["range"]
        self.assert_refused(self.document, "hyperparameters/3", "'range' is a required property")

    def test_name_must_match_the_file(self):
        self.assert_refused(self.document, "must match the file name 'other'", name="other")

    def test_names_must_not_repeat_or_take_a_common_option(self):
        self.document["hyperparameters"].append(copy.deepcopy(self.document["hyperparameters"][3]))
        self.document["hyperparameters"][1]["name"] = "seed"
        self.assert_refused(self.document, "'window' is defined twice", "'seed' takes the name of an option")

    def test_a_preset_may_only_set_hyperparameters_to_valid_values(self):
        self.document["presets"] = [{"name": "ref", "help": "a reference", "values": {"window": 5, "speed": 1}}]
        self.assert_refused(self.document, "preset 'ref': hyperparameter 'window': value 5 is outside its range",
                            "preset 'ref' sets 'speed', which is not a hyperparameter")

    def test_a_constraint_names_two_numeric_hyperparameters_its_defaults_meet(self):
        self.document["constraints"] = [{"rule": "restart-step <= speed", "why": "x"}]
        self.assert_refused(self.document, "constraint 'restart-step <= speed': 'speed' is not a numeric hyperparameter")
        self.document["constraints"] = [{"rule": "initial-step <= restart-step", "why": "x"}]
        self.assert_refused(self.document, "the defaults break constraint 'initial-step <= restart-step'")
        self.document["constraints"] = [{"rule": "restart-step => initial-step", "why": "x"}]
        self.assert_refused(self.document, "constraints/0/rule")

    def test_command_line_reports_errors_with_exit_code_2(self):
        self.document["hyperparameters"][3]["default"] = 5
        result = subprocess.run([sys.executable, str(REPO / "codegen" / "generate.py"), "main",
                                 str(self.spec_file(self.document)), "-o", str(self.folder / "out.cpp")],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("outside its range", result.stderr)
        self.assertFalse((self.folder / "out.cpp").exists())


class RenderingTest(SpecFixture):
    def render_main(self, document):
        return generate.render("main.cpp.j2", spec=load_spec(self.spec_file(document)), spec_path="models/nm.yaml")

    def test_main_wires_every_hyperparameter_to_its_config_field(self):
        text = self.render_main(self.document)
        self.assertIn("Generated by codegen/generate.py from models/nm.yaml", text)
        for parameter in self.document["hyperparameters"]:
            self.assertIn(f'.name = "{parameter["name"]}"', text)
            self.assertIn(config_target(parameter), text)
        self.assertIn('.default_value = "0.5"', text)
        self.assertIn("constexpr std::string_view kLossChoices[] = {", text)
        self.assertIn("std::make_unique<tinymlkit::NmLearner>(config, seed)", text)

    def test_defaults_header_sets_every_hyperparameter_through_the_option_table(self):
        text = generate.render("defaults.hpp.j2", spec=load_spec(self.spec_file(self.document)),
                               spec_path="models/nm.yaml")
        self.assertIn("inline void set_defaults(tinymlkit::NmConfig& config) {", text)
        for parameter in self.document["hyperparameters"]:
            self.assertIn(config_target(parameter), text)
        self.assertIn("parse_command_line(hyperparameters, 0, nullptr)", text)

    def test_a_new_hyperparameter_appears_in_main_and_docs(self):
        self.document["hyperparameters"].append(
            {"name": "momentum", "type": "real", "default": 0.25, "range": [0, 1], "help": "how much to keep"})
        self.assertIn('.name = "momentum"', self.render_main(self.document))
        spec = load_spec(self.spec_file(self.document))
        self.assertIn("| `--momentum` | real | `0.25` | 0 to 1 | how much to keep |", generate.docs_section([spec]))

    def test_a_preset_becomes_a_table_the_main_hands_to_the_runtime(self):
        self.document["presets"] = [{"name": "ref", "help": "a reference", "values": {"window": 50}}]
        text = self.render_main(self.document)
        self.assertIn('{"window", "50"},', text)
        self.assertIn('{"ref", "a reference", kRefPreset},', text)
        self.assertIn(".presets = kPresets,", text)
        self.assertNotIn(".presets", self.render_main({**self.document, "presets": []}))

    def test_federation_is_a_capability_the_spec_declares(self):
        federated = self.render_main({**self.document, "federation": True})
        self.assertIn(".federated = true,", federated)
        self.assertIn("static_assert(std::is_base_of_v<tinymlkit::FederatedLearner, tinymlkit::NmLearner>", federated)
        alone = self.render_main({key: value for key, value in self.document.items() if key != "federation"})
        self.assertNotIn(".federated", alone)
        self.assertNotIn("FederatedLearner", alone)

    def test_help_strings_are_escaped(self):
        self.document["hyperparameters"][0]["help"] = 'say "hi" \\ bye'
        self.assertIn(r'.help = "say \"hi\" \\ bye"', self.render_main(self.document))

    def test_rendering_is_deterministic(self):
        outputs = []
        for _ in range(2):
            out = self.folder / f"main{len(outputs)}.cpp"
            self.assertEqual(generate.main(["main", str(NM_SPEC), "-o", str(out)]), 0)
            outputs.append(out.read_bytes())
        self.assertEqual(outputs[0], outputs[1])

    def test_generated_mains_match_their_golden_snapshots(self):
        # A reviewer sees every change to generated code as a change to these files; after an
        # intended one: TMK_UPDATE_GOLDEN=1 python3 -m unittest test_generate (in tests/codegen).
        if shutil.which("clang-format") is None:
            self.skipTest("clang-format is not installed: the snapshots are formatted code")
        for spec in sorted((REPO / "models").glob("*.yaml")):
            out = self.folder / f"{spec.stem}.cpp"
            self.assertEqual(generate.main(["main", str(spec), "-o", str(out)]), 0)
            golden = GOLDEN / f"tinymlkit-{spec.stem}.cpp"
            if os.environ.get("TMK_UPDATE_GOLDEN") == "1":
                golden.write_text(out.read_text())
            self.assertTrue(golden.exists(), f"no snapshot {golden}: make it with TMK_UPDATE_GOLDEN=1")
            self.assertEqual(out.read_text(), golden.read_text(), f"{spec.name}: generated main differs from {golden}")

    def test_dispatcher_lists_every_model(self):
        text = generate.render("dispatcher.cpp.j2", specs=[load_spec(NM_SPEC)])
        self.assertIn('{"nm", "online linear model trained derivative-free by Nelder–Mead"}', text)


class GeneratedConfigTest(SpecFixture):
    """The config struct and its choice enums come from the spec, so a choice the runtime does not
    handle is a compile error (-Wswitch under -Werror), not a silent default."""

    def generate_config(self, document):
        header = self.folder / "config" / "tinymlkit" / "config" / "nm.hpp"
        self.assertEqual(generate.main(["config", str(self.spec_file(document)), "-o", str(header)]), 0)
        return header

    def compile_nm_learner(self, document):
        self.generate_config(document)
        compiler = shutil.which("g++") or shutil.which("clang++")
        if compiler is None:
            self.skipTest("no C++ compiler")
        return subprocess.run([compiler, "-std=c++23", "-fsyntax-only", "-Wall", "-Werror", "-fno-exceptions",
                               f"-I{self.folder / 'config'}", f"-I{REPO / 'runtime' / 'include'}",
                               str(REPO / "runtime" / "src" / "nm_learner.cpp")], capture_output=True, text=True)

    def test_the_struct_holds_every_hyperparameter_at_its_default(self):
        text = self.generate_config(self.document).read_text()
        self.assertIn("struct NmConfig {", text)
        self.assertIn("enum class Loss : uint8_t { kSquared, kAbsolute, kHuber, kQuantile, kLogistic, kHinge };", text)
        self.assertIn("Loss loss = Loss::kSquared;", text)
        self.assertIn("int64_t window = 500;", text)
        self.assertIn("double initial_step = 0.5;", text)
        self.assertIn("bool adaptive = true;", text)

    def test_a_choice_the_runtime_does_not_handle_fails_to_compile(self):
        handled = self.compile_nm_learner(self.document)
        self.assertEqual(handled.returncode, 0, handled.stderr)
        self.document["hyperparameters"][0]["choices"].append("cauchy")
        unhandled = self.compile_nm_learner(self.document)
        self.assertNotEqual(unhandled.returncode, 0)
        self.assertIn("kCauchy", unhandled.stderr)


class DocsTest(unittest.TestCase):
    def test_readme_tables_match_the_specs(self):
        specs = sorted((REPO / "models").glob("*.yaml"))
        result = subprocess.run([sys.executable, str(REPO / "codegen" / "generate.py"), "docs", *map(str, specs),
                                 "--check", str(REPO / "README.md")], capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main()
