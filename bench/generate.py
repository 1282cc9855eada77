"""Write a synthetic curriculum of any size in the real YAML format, for benchmarks and tests.

The output is a folder shaped like a real curriculum: one file for the header, one for the
concepts, one for the resources and one per stage. Texts are bilingual, every task refers to
concepts and resources that exist, every stage has practice tasks with ``estimate_hours``, and the
same arguments always give the same bytes (seeded), so cache keys and timings are comparable.

    python bench/generate.py --tasks 9000 --out /tmp/curriculum-9k
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

import yaml

STAGES = 6
TASKS_PER_MODULE = 24
PRACTICE_EVERY = 6  # one task in six is a practice task (实践任务)

TOPICS = [
    ("注意力", "attention"),
    ("分词", "tokenization"),
    ("嵌入", "embeddings"),
    ("归一化", "normalization"),
    ("优化器", "optimizers"),
    ("混合精度", "mixed precision"),
    ("检索增强", "retrieval augmentation"),
    ("评测", "evaluation"),
    ("量化", "quantization"),
    ("蒸馏", "distillation"),
    ("对齐", "alignment"),
    ("推理服务", "inference serving"),
    ("数据清洗", "data cleaning"),
    ("并行训练", "parallel training"),
    ("提示工程", "prompt engineering"),
    ("智能体", "agents"),
]
VERBS = [
    ("理解", "Understand"),
    ("实现", "Implement"),
    ("比较", "Compare"),
    ("调试", "Debug"),
    ("测量", "Measure"),
    ("复现", "Reproduce"),
]
KINDS = ["paper", "book", "report", "case", "software", "website"]


def text(rng: random.Random, zh: str, en: str) -> Any:
    """A bilingual text; now and then a plain string, which the format also allows."""
    if rng.random() < 0.05:
        return en
    return {"zh": zh, "en": en}


def make_resources(rng: random.Random, count: int) -> list[dict[str, Any]]:
    resources = []
    for n in range(1, count + 1):
        zh, en = TOPICS[n % len(TOPICS)]
        entry: dict[str, Any] = {
            "id": f"res-{n}",
            "title": f"On {en}, part {n}",
            "kind": KINDS[n % len(KINDS)],
            "authors": [f"Author {rng.randrange(1000)}", f"Author {rng.randrange(1000)}"],
            "year": 1990 + n % 36,
            "url": f"https://example.org/works/{n}",
        }
        if n % 3 == 0:
            entry["note"] = text(rng, f"关于{zh}的参考资料", f"A reference on {en}")
        resources.append(entry)
    return resources


def make_concepts(rng: random.Random, count: int, resource_count: int) -> list[dict[str, Any]]:
    concepts = []
    for n in range(1, count + 1):
        zh, en = TOPICS[n % len(TOPICS)]
        entry: dict[str, Any] = {
            "id": f"concept-{n}",
            "title": text(rng, f"{zh}（{n}）", f"{en.capitalize()} ({n})"),
            "summary": text(
                rng,
                f"{zh}是大模型工程中的一个核心概念，本条目第{n}号解释它的来历与用途。",
                f"{en.capitalize()} is a core idea of large-model engineering; entry {n} "
                "explains where it comes from and what it is for.",
            ),
            "points": [
                text(rng, f"要点{k}：{zh}的性质", f"Point {k}: a property of {en}") for k in (1, 2)
            ],
            "timeline": [{"when": str(2000 + n % 26), "text": text(rng, "提出", "Introduced")}],
            "resources": [f"res-{rng.randrange(1, resource_count + 1)}"],
        }
        if n > 1:
            entry["related"] = [f"concept-{rng.randrange(1, n)}"]
        concepts.append(entry)
    return concepts


def make_task(
    rng: random.Random, task_id: str, n: int, concept_count: int, resource_count: int
) -> dict[str, Any]:
    zh, en = TOPICS[n % len(TOPICS)]
    verb_zh, verb_en = VERBS[n % len(VERBS)]
    task: dict[str, Any] = {
        "id": task_id,
        "title": text(rng, f"{verb_zh}{zh}（第{n}项）", f"{verb_en} {en} (item {n})"),
    }
    if n % PRACTICE_EVERY == 0:
        task["kind"] = "practice"
        task["estimate_hours"] = rng.choice([2, 4, 6, 8, 12, 16])
        task["details"] = text(
            rng,
            f"动手完成一个关于{zh}的小项目，并写下测量结果。",
            f"Build a small project on {en} and write down what you measured.",
        )
    elif rng.random() < 0.5:
        task["estimate_hours"] = rng.choice([0.5, 1, 1.5, 2, 3])
    task["concepts"] = [f"concept-{rng.randrange(1, concept_count + 1)}"]
    if rng.random() < 0.6:
        task["resources"] = [f"res-{rng.randrange(1, resource_count + 1)}"]
    if rng.random() < 0.03:
        task["addition"] = True
    return task


def make_stage(
    rng: random.Random,
    order: int,
    task_numbers: range,
    concept_count: int,
    resource_count: int,
) -> dict[str, Any]:
    modules = []
    numbers = list(task_numbers)
    for m, start in enumerate(range(0, len(numbers), TASKS_PER_MODULE), start=1):
        chunk = numbers[start : start + TASKS_PER_MODULE]
        # Every module ends with a practice task, so every stage has practice tasks.
        tasks = [
            make_task(rng, f"s{order}-m{m}-t{k}", n, concept_count, resource_count)
            for k, n in enumerate(chunk, start=1)
        ]
        tasks[-1].update(kind="practice", estimate_hours=rng.choice([4, 8, 12]))
        zh, en = TOPICS[(order + m) % len(TOPICS)]
        modules.append(
            {
                "id": f"s{order}-m{m}",
                "title": text(rng, f"模块{m}：{zh}", f"Module {m}: {en}"),
                "summary": text(rng, f"本模块围绕{zh}展开。", f"This module is about {en}."),
                "tasks": tasks,
            }
        )
    return {
        "id": f"stage-{order}",
        "order": order,
        "title": text(rng, f"第{order}阶段", f"Stage {order}"),
        "goal": text(
            rng, f"完成第{order}阶段的全部实践任务。", f"Finish every practice of stage {order}."
        ),
        "notes": text(rng, "循序渐进。", "Take it step by step."),
        "concepts": [f"concept-{rng.randrange(1, concept_count + 1)}" for _ in range(3)],
        "resources": [f"res-{rng.randrange(1, resource_count + 1)}" for _ in range(2)],
        "modules": modules,
    }


def split(total: int, parts: int) -> list[range]:
    """``total`` task numbers (1-based) split into ``parts`` nearly equal consecutive ranges."""
    bounds = [1 + total * k // parts for k in range(parts + 1)]
    return [range(bounds[k], bounds[k + 1]) for k in range(parts)]


def dump(data: dict[str, Any], path: Path) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def generate(tasks: int, out: Path, seed: int = 6, stages: int = STAGES) -> Path:
    """Write a curriculum with ``tasks`` tasks into ``out`` (created) and return ``out``."""
    if tasks < stages:
        raise ValueError(f"need at least one task per stage ({stages})")
    rng = random.Random(seed)
    concept_count = max(10, tasks // 20)
    resource_count = max(10, tasks // 15)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.yaml"):
        old.unlink()
    header = {
        "id": f"synthetic-{tasks}",
        "version": f"bench.{seed}",
        "title": {
            "zh": f"合成课程（{tasks}项任务）",
            "en": f"Synthetic curriculum ({tasks} tasks)",
        },
        "summary": {"zh": "用于性能测试。", "en": "For benchmarks."},
    }
    dump({"curriculum": header}, out / "00-curriculum.yaml")
    dump({"resources": make_resources(rng, resource_count)}, out / "01-resources.yaml")
    dump({"concepts": make_concepts(rng, concept_count, resource_count)}, out / "02-concepts.yaml")
    for order, numbers in enumerate(split(tasks, stages), start=1):
        stage = make_stage(rng, order, numbers, concept_count, resource_count)
        dump({"stages": [stage]}, out / f"{10 + order:02d}-stage-{order}.yaml")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, required=True, help="how many tasks in all")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write (emptied of *.yaml)"
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--stages", type=int, default=STAGES)
    args = parser.parse_args()
    generate(args.tasks, args.out, args.seed, args.stages)


if __name__ == "__main__":
    main()
