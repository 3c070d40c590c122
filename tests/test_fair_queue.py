"""A fair queue: small documents are not stuck behind big ones (issue 15, first part)."""
import time

from docvec_gui.core.service import Service
from docvec_gui.core.tasks import BIG_COST, estimated_cost, priority_for
from faultkit import small_documents, wait_for


def test_priority_prefers_cheap_documents():
    note, manual = estimated_cost(20_000, "text"), estimated_cost(2_800_000, "pdf")
    assert manual >= BIG_COST > note
    assert priority_for(note) > priority_for(manual) >= 0


def test_small_documents_complete_while_big_ones_wait_or_run(settings_factory, manifest, docs_dir, tmp_path):
    big_text = tmp_path / "big-novel.txt"
    novel = (docs_dir / "war-and-peace.txt").read_bytes()
    big_text.write_bytes(novel + b"\n\n" + novel)  # ~6 MB of text: big
    smalls = small_documents(manifest, 10)
    seen_big_together, started = [], []
    with Service(settings_factory(workers=2)) as svc:
        big_ids = [a["id"] for a in svc.add([docs_dir / "DA-619p.pdf", big_text], process=False).added]
        small_ids = [a["id"] for a in svc.add([docs_dir / n for n in smalls], process=False).added]

        def watch(event):
            if event.kind == "status" and event.status == "processing":
                started.append(event.doc_id)
                running_big = [r for r in svc.registry.runs() if r.doc_id in big_ids]
                seen_big_together.append(len(running_big))

        svc.subscribe(watch)
        svc.start_processing()
        assert svc.wait_idle(small_ids, timeout=300)
        time.sleep(8)  # both workers free now: only one may take a big document
        states = {svc.document(i).status for i in big_ids}
        assert states <= {"pending", "processing"}, states  # the big ones are far from done
        assert {svc.document(i).status for i in small_ids} == {"completed"}
        # Added last, the small documents were still all taken first ...
        assert max(started.index(i) for i in small_ids) < min(started.index(i) for i in big_ids if i in started)
        # ... and one worker always stayed free for small work.
        assert seen_big_together and max(seen_big_together) == 1
        assert svc.close(finish=False) is False
