"""The course in JupyterLab, driven in headless Chromium: what a learner and an instructor see.

One module on purpose: the tests share one JupyterLab server and one throwaway course (see
conftest.py), and pytest-xdist's ``--dist loadscope`` keeps a module on one worker. They run in
file order; the instructor's test comes last because it waits for the background autograde.
Screenshots of each step go to artifacts/browser/.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbgrader.api import Gradebook

try:
    from playwright.sync_api import expect
except ImportError:  # conftest.py skips these tests with the reason
    expect = None

from .conftest import CHAPTER, COURSE_ID, Course, Lab

pytestmark = pytest.mark.browser

NOTEBOOK = f"notebooks/{CHAPTER}/{CHAPTER}.ipynb"
STUB_MESSAGE = "NotImplementedError: Exercise not attempted yet"
ANSWER = 'def column_means(x):\n    """Mean of each column of x."""\n    return tf.reduce_mean(x, axis=0)\n'
STDERR = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
LONG = 240_000  # ms: running TensorFlow cells on a loaded 2-core machine


# -- helpers ------------------------------------------------------------------------------------------


def chapter_links(readme: str) -> list[str]:
    """The student editions README.md links to, in order."""
    return list(dict.fromkeys(re.findall(r"\]\((notebooks/[^)\s]+\.ipynb)\)", readme)))


def expect_chapter_links(page, targets: list[str]) -> None:
    """Every chapter link of the rendered README is on the page and visible."""
    rendered = page.locator(".jp-MarkdownViewer .jp-RenderedMarkdown")
    for target in targets:
        link = rendered.locator(f'a[href*="{target}"]').first
        expect(link, f"README link to {target}").to_be_visible()


def open_menu(page, menu: str, command: str) -> None:
    page.locator(f'.lm-MenuBar-itemLabel:text-is("{menu}")').click()
    page.locator(f'.lm-Menu li[data-command="{command}"]').click()


def wait_for_kernel_idle(page, timeout: int = LONG) -> None:
    # The toolbar indicator reads idle before a kernel is connected (Run All then silently runs
    # nothing); the status bar names the kernel's state only once it is connected.
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
        state="attached", timeout=timeout
    )
    page.locator(".jp-StatusBar-Widget", has_text="| Idle").first.wait_for(timeout=timeout)


def code_cell(page, text: str):
    """The code cell whose source contains ``text``."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").filter(
        has=page.locator(".jp-InputArea", has_text=text)
    )


def wait_until_run(cell, page, timeout: int = LONG) -> str:
    """Wait until the cell shows an execution count (not ``[*]``, not ``[ ]``); return the prompt."""
    prompt = cell.locator(".jp-InputPrompt")
    page.wait_for_function(
        "el => /\\[\\d+\\]/.test(el.textContent)", arg=prompt.element_handle(), timeout=timeout, polling=500
    )
    return prompt.text_content()


# -- the learner ----------------------------------------------------------------------------------------


def test_landing_page_renders_the_readme(page, lab: Lab, shot) -> None:
    """`python3 course.py lab` opens /lab/tree/README.md: a learner should see it rendered, with the
    chapter table's links, not its Markdown source."""
    page.goto(lab.at("/"))  # the server's default_url, as course.py sets it
    page.wait_for_url("**/lab/tree/README.md**")
    page.locator(".jp-MarkdownViewer, .jp-FileEditor").first.wait_for()
    shot(page, "landing")
    editor = page.locator("#jp-main-dock-panel .jp-FileEditor")
    assert not editor.count(), (
        "JupyterLab opened README.md in the text editor: the learner sees Markdown source, not the "
        "course's landing page. JupyterLab 4 opens .md files with the editor by default; set "
        '"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}} '
        "in the lab's settings overrides (see the report of tests/browser)."
    )
    expect_chapter_links(page, chapter_links((lab.root / "README.md").read_text()))


def test_readme_preview_links_open_the_chapters(page, lab: Lab, shot) -> None:
    """Rendered with Open With > Markdown Preview, every chapter link is visible and opens its
    student edition."""
    targets = chapter_links((lab.root / "README.md").read_text())
    assert targets, "README.md links no chapter"
    for target in targets:
        assert (lab.root / target).exists(), f"README.md links {target}, which does not exist"
    page.goto(lab.at("/lab?reset"))
    item = page.locator(".jp-DirListing-item[title^='Name: README.md']")
    item.click(button="right")
    page.locator(".lm-Menu-item:has-text('Open With')").hover()
    page.locator(".lm-Menu-item:has-text('Markdown Preview')").click()
    page.locator(".jp-MarkdownViewer .jp-RenderedMarkdown").wait_for()
    expect_chapter_links(page, targets)
    shot(page, "readme-preview")
    page.locator(f'.jp-MarkdownViewer .jp-RenderedMarkdown a[href*="{NOTEBOOK}"]').first.click()
    page.locator(f".lm-TabBar-tab.lm-mod-current:has-text('{CHAPTER}.ipynb')").wait_for()
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").first.wait_for()
    shot(page, "chapter-opened-from-readme")


def test_learner_runs_the_chapter_and_answers_an_exercise(page, lab: Lab, shot) -> None:
    page.goto(lab.at(f"/lab/tree/{NOTEBOOK}?reset"))
    wait_for_kernel_idle(page)
    shot(page, "chapter-open")

    # Run > Run All Cells. The unanswered exercises' cells show their errors (the student edition
    # tags them raises-exception) and Run All goes on to the chapter's last code cell.
    open_menu(page, "Run", "runmenu:run-all")
    last = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").last
    wait_until_run(last, page)
    wait_for_kernel_idle(page)
    last.scroll_into_view_if_needed()
    shot(page, "run-all-reached-the-end")
    first_test = code_cell(page, "result = column_means(")
    assert STUB_MESSAGE in first_test.locator(STDERR).text_content()
    first_test.scroll_into_view_if_needed()
    shot(page, "exercise-not-attempted")

    # Only exercise cells failed; the demo cells ran cleanly, and their plots rendered as images.
    student = nbformat.read(lab.root / NOTEBOOK, as_version=4)
    exercise_cells = {i for i, c in enumerate(student.cells) if "raises-exception" in c.metadata.get("tags", [])}
    failed = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").evaluate_all(
        f"cells => cells.flatMap((c, i) => c.querySelector(\"{STDERR}\") ? [i] : [])")
    demo_failures = [i for i in failed if i not in exercise_cells]
    assert failed and not demo_failures, f"demo cells failed or wrote to stderr: {demo_failures}"
    outputs = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output")
    images = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type='image/png'] img")
    assert images.count() >= 2, f"expected the chapter's plots as images, found {images.count()}"
    assert outputs.count() > 20
    images.first.scroll_into_view_if_needed()
    assert images.first.evaluate("img => img.complete && img.naturalWidth > 100")
    shot(page, "plot")

    # Replace the stub in the answer cell with a correct answer, run it, then its tests.
    answer_cell = code_cell(page, "def column_means(x):")
    editor = answer_cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(ANSWER)
    assert "raise NotImplementedError" not in editor.text_content()
    page.keyboard.press("Shift+Enter")  # runs the answer, selects the test cell
    wait_until_run(answer_cell, page)
    page.keyboard.press("Shift+Enter")  # runs the tests
    wait_until_run(first_test, page)
    wait_for_kernel_idle(page)
    first_test.scroll_into_view_if_needed()
    shot(page, "exercise-passed")
    assert first_test.locator(".jp-OutputArea-output").count() == 0, (
        "the test cell should pass silently, got: "
        + " | ".join(first_test.locator(".jp-OutputArea-output").all_text_contents())
    )

    # Save, then nbgrader's Validate button: the answered exercise passes, the others still fail.
    page.keyboard.press("Escape")
    with page.expect_response(
        lambda r: r.request.method == "PUT" and f"/api/contents/{NOTEBOOK}" in r.url, timeout=LONG
    ) as save:
        page.keyboard.press("ControlOrMeta+s")
    assert save.value.ok, f"saving the notebook failed: {save.value.status}"
    saved = nbformat.read(lab.root / NOTEBOOK, as_version=4)
    assert any("tf.reduce_mean(x, axis=0)" in c.source for c in saved.cells), "the answer was not saved"
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) jp-button.validate-button").click()
    dialog = page.locator(".nbgrader-ErrorDialog, .nbgrader-SuccessDialog")
    dialog.wait_for(timeout=LONG)
    shot(page, "validate")
    report = dialog.text_content()
    assert "nbgrader-ErrorDialog" in dialog.get_attribute("class"), (
        "validation should fail: six exercises are unanswered"
    )
    assert dialog.locator(".validation-failed").count() or "The following cell failed" in report
    assert "result = standardize_rows(" in report, "an unanswered exercise's tests are missing from the report"
    assert "result = column_means(" not in report, f"the answered exercise failed validation:\n{report[:3000]}"
    dialog.locator("button.jp-Dialog-button").click()


def test_learner_fetches_and_submits(page, lab: Lab, course: Course, shot) -> None:
    page.goto(lab.at("/lab?reset"))
    page.locator("#jp-main-dock-panel").wait_for()
    open_menu(page, "Nbgrader", "nbgrader:open-assignment-list")
    released = page.locator("#released_assignments_list > .list_item")
    released.filter(has_text=CHAPTER).first.wait_for()
    assert COURSE_ID in released.filter(has_text=CHAPTER).first.text_content()
    shot(page, "assignments-released")

    released.filter(has_text=CHAPTER).first.locator(".item_status button").click()
    fetched = page.locator("#fetched_assignments_list > .list_item").filter(has_text=CHAPTER).first
    fetched.wait_for()
    assert (lab.root / COURSE_ID / CHAPTER / f"{CHAPTER}.ipynb").exists(), "fetch did not create the learner's copy"
    shot(page, "assignments-fetched")

    fetched.locator('.item_status button:text("Submit")').click()
    submitted = page.locator("#submitted_assignments_list > .list_item").filter(has_text=CHAPTER).first
    submitted.wait_for()
    shot(page, "assignments-submitted")
    inbound = course.exchange / COURSE_ID / "inbound"
    mine = [p for p in inbound.iterdir() if p.name.split("+")[0] != "ada" and p.name.split("+")[1] == CHAPTER]
    assert mine, f"no submission from the learner in {inbound}: {[p.name for p in inbound.iterdir()]}"
    assert (mine[0] / f"{CHAPTER}.ipynb").exists()


# -- the instructor ---------------------------------------------------------------------------------------


def test_instructor_grades_a_written_answer(page, lab: Lab, course: Course, shot) -> None:
    page.goto(lab.at("/formgrader"))
    page.wait_for_url("**/formgrader/manage_assignments")
    rows = page.locator("#main-table tr")
    rows.filter(has_text=CHAPTER).first.wait_for()
    names = [n.strip() for n in page.locator("#main-table td:first-child").all_text_contents()]
    for chapter in sorted(p.parent.name for p in (lab.root / "solutions").glob("*/*.ipynb")):
        assert chapter in names, f"formgrader does not list chapter {chapter}: {names}"
    shot(page, "formgrader-assignments")

    seconds = course.wait_for_autograde()
    print(f"[browser] autograde finished {seconds:.0f} s after it started")

    # The README's way: Manage Submissions > chapter > student > notebook.
    page.reload()
    page.locator("#main-table tr").filter(has_text=CHAPTER).first.locator("td.num-submissions a").click()
    page.wait_for_url(f"**/formgrader/manage_submissions/{CHAPTER}")
    row = page.locator("#main-table tr").filter(has=page.locator("td.student-id", has_text="ada")).first
    row.locator("td.student-name a").click()  # a link once the submission is autograded
    page.wait_for_url(f"**/formgrader/manage_students/ada/{CHAPTER}")
    notebook = page.locator("#main-table tr").filter(has_text=CHAPTER).first
    expect(notebook.locator("td.code-score")).to_contain_text("1 / ")  # the one answered exercise
    shot(page, "formgrader-submission")
    notebook.locator("td.name a").click()
    page.wait_for_url("**/formgrader/submissions/**")

    score = page.locator("input.score#why_no_silent_casting")
    score.wait_for()
    score.scroll_into_view_if_needed()
    with page.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.request.method == "PUT") as saved:
        score.fill("1")
        score.press("Tab")  # the change event saves the grade
    assert saved.value.ok, f"saving the grade failed: {saved.value.status} {saved.value.text()[:500]}"
    page.locator(".score-saved.glyphicon-ok").first.wait_for(state="attached")
    shot(page, "manual-grade-saved")

    # Reload: the page shows the saved grade; the gradebook has it.
    page.reload()
    # formgrader fills the score in from its API after the input is drawn: wait for the value.
    expect(page.locator("input.score#why_no_silent_casting")).to_have_value(re.compile(r"^1(\.0)?$"))
    with Gradebook(course.gradebook_url, course_id=COURSE_ID) as gradebook:
        grade = gradebook.find_grade("why_no_silent_casting", CHAPTER, CHAPTER, "ada")
        assert grade.manual_score == 1.0
        assert not grade.needs_manual_grade
        code = gradebook.find_grade("column_means_test", CHAPTER, CHAPTER, "ada")
        assert code.score == code.max_score == 1
