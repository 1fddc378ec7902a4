"""The add-on in a real browser: headless Chromium against `mailroom addon preview` on a local
stack that read a couple of sample mails. Open a message, see its fields, edit one, approve it,
and find the change on the card and in the local staging sheet."""

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mailroom.bootstrap import bootstrap_local
from mailroom.config import Settings
from mailroom.domain.commands import MailboxChanged
from mailroom.domain.status import Status
from mailroom.entrypoints.local_runner import run_until_idle

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).parents[1] / "artifacts"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900"]
MAILS = ("invoice-pdf-de", "no-attachment")  # a clean German invoice, and a mail with nothing to read


@pytest.fixture(scope="session")
def chromium() -> None:
    """Debian's chromium and chromium-driver, installed with apt when missing."""
    if CHROMIUM.exists() and CHROMEDRIVER.exists():
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:  # stale package lists
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True, capture_output=True)
        subprocess.run(install, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    from mailroom.samples import generate_mailbox

    sample = generate_mailbox(tmp_path_factory.mktemp("samples"), huge_attachment_bytes=200_000)
    inbox = tmp_path_factory.mktemp("inbox")
    for mail in sample.mails:
        if f"{mail.case}-{mail.lang}" in MAILS or mail.case in MAILS:
            shutil.copy(sample.inbox / Path(mail.file).name, inbox)
    home = tmp_path_factory.mktemp("home")
    stack = bootstrap_local(Settings(home=home))
    stack.mailbox.import_path(inbox)
    stack.queue.publish(MailboxChanged(mailbox=stack.mailbox.name))  # what `mailroom ingest` does
    run_until_idle(stack.services, stack.queue)
    return home


@pytest.fixture
def preview(home):
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    process = subprocess.Popen([sys.executable, "-m", "mailroom", "--home", str(home), "addon", "preview",
                                "--port", "0", "--user", "rita@acme.example"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


@pytest.fixture
def browser(chromium, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def test_a_reviewer_edits_and_approves_an_invoice_from_the_sidebar(preview, browser, home):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 10)
    card = (By.CSS_SELECTOR, "#card .card")

    def button(text: str):
        return wait.until(seen.element_to_be_clickable(
            (By.XPATH, f"//div[@id='card']//button[normalize-space()='{text}']")))

    def shows(text: str) -> None:
        wait.until(seen.text_to_be_present_in_element(card, text))

    def toast(text: str) -> None:
        wait.until(seen.text_to_be_present_in_element((By.ID, "toast"), text))

    browser.get(preview)
    shows("Review queue")
    assert "Waiting for review" in browser.find_element(*card).text  # the homepage's counts

    invoice = wait.until(seen.element_to_be_clickable(
        (By.XPATH, "//li[contains(@class,'message')][contains(., 'Rechnung')]")))
    invoice.click()
    shows("Weißdorn Druckerei GmbH")
    text = browser.find_element(*card).text
    assert "Vendor" in text and "Total" in text and "EUR" in text and "sure" in text and "PDF text p.1" in text
    assert "Waiting for review" in text

    button("Edit").click()
    due = wait.until(seen.element_to_be_clickable((By.NAME, "field.due_date")))
    assert due.get_attribute("value") == "2026-03-31"
    due.clear()
    due.send_keys("30.04.2026")
    button("Save").click()
    toast("Saved due_date")
    shows("2026-04-30")
    assert "edited (read: 2026-03-31)" in browser.find_element(*card).text

    button("Approve").click()
    toast("Approved")
    shows("Approved")
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script("document.getElementById('sidebar').scrollTop = 0")
    browser.save_screenshot(str(ARTIFACTS / "addon-preview.png"))

    [row] = [r for r in bootstrap_local(Settings(home=home)).sheet.rows() if r.seller_name == "Weißdorn Druckerei GmbH"]
    assert row.status == Status.APPROVED and row.due_date == date(2026, 4, 30) and row.reviewer == "rita@acme.example"

    browser.find_element(By.XPATH, "//li[contains(@class,'message')][not(contains(., 'Rechnung'))]").click()
    shows("No documents yet")
    button("Process this mail now").click()
    toast("Queued")
