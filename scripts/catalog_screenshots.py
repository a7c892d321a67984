"""The README's two pictures of the catalogue, made from the example domain in schemas/.

Writes the catalogue of this checkout into a temporary folder, opens it in headless Chromium
(Debian's chromium and chromium-driver) and saves the index and the orders-value page into
docs/images/. Run from the repository root:

    .venv/bin/python scripts/catalog_screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).parents[1]
IMAGES = ROOT / "docs" / "images"
PAGES = {"catalog-index.png": "index.html", "catalog-subject.png": "subjects/orders-value.html"}
WIDTH = 1280


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "catalog"
        subprocess.run([str(Path(sys.executable).parent / "schemalint"), "catalog", "--out",
                        str(site)], cwd=ROOT, check=True)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--hide-scrollbars", f"--window-size={WIDTH},900",
                         f"--user-data-dir={Path(folder) / 'profile'}"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            IMAGES.mkdir(parents=True, exist_ok=True)
            for image, page in PAGES.items():
                driver.get((site / page).as_uri())
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(WIDTH, min(int(height), 1600))
                driver.save_screenshot(str(IMAGES / image))
                print(f"wrote {(IMAGES / image).relative_to(ROOT)}")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
