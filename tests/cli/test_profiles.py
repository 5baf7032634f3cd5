"""The CLI cases reach every model in models/: a spec added there gets the cases every model
passes, with a profile derived from the spec, and its fuzz seeds, with no list to edit."""

import pathlib
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from support import REPO, model_profiles  # noqa: E402


class ProfilesFollowTheSpecs(unittest.TestCase):
    def test_a_new_spec_gets_a_profile(self):
        with tempfile.TemporaryDirectory() as folder:
            models = pathlib.Path(folder)
            for spec in (REPO / "models").glob("*.yaml"):
                shutil.copy(spec, models)
            text = (REPO / "models" / "hoeffding-regressor.yaml").read_text(encoding="utf-8")
            (models / "toy.yaml").write_text(text.replace("name: hoeffding-regressor", "name: toy")
                                             .replace("federation: true", "federation: false"), encoding="utf-8")
            profiles = model_profiles(models)
        shipped = [spec.stem for spec in (REPO / "models").glob("*.yaml")]
        self.assertEqual(sorted(profiles), sorted(shipped + ["toy"]))
        self.assertEqual(profiles["toy"]["task"], "regression")
        self.assertEqual(profiles["toy"]["data"], "boston.txt")
        self.assertFalse(profiles["toy"]["federated"])

    def test_profiles_of_the_shipped_specs(self):
        profiles = model_profiles(REPO / "models")
        self.assertEqual(profiles["hoeffding"]["task"], "classification")
        self.assertEqual(profiles["hoeffding"]["data"], "pima.txt")
        self.assertEqual(profiles["nm"]["task"], "regression")  # its first task
        name, value = profiles["nm"]["hyperparameter"]
        self.assertEqual(name, "window")
        self.assertNotEqual(value, "500", "the profile's value must differ from the default")
        self.assertTrue(profiles["nm"]["federated"])


if __name__ == "__main__":
    unittest.main()
