"""Product areas guessed from paths when the repository configures none."""

import pytest

from pr_impact.core.signals import default_area


@pytest.mark.parametrize(("path", "area"), [
    ("src/checkout/cart.py", "checkout"),
    ("packages/app/src/components/mockServer/Dashboard.vue", "mockServer"),
    # Folders that say how code is organised are passed over for the one that says what it is for.
    ("src/composables/useMockServers/index.ts", "useMockServers"),
    ("app/controllers/billing/invoices_controller.rb", "billing"),
    ("src/store/sync_settings/slice.ts", "sync settings"),
    ("src/hooks/useTheme.ts", None),
    ("crates/yazi-plugin/src/lib.rs", "yazi plugin"),
])
def test_area_is_the_first_folder_that_names_part_of_the_product(path: str, area: str | None) -> None:
    assert default_area(path) == area
