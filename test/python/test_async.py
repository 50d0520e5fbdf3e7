"""await program.run_async(...): the event loop goes on while plumb runs, results and errors
come back as from run(), and cancelling the awaiting task cancels the run."""
import asyncio
import time

import pytest

import plumb


@pytest.fixture
def napping(engine):
    @engine.stage("acme.nap", purity="volatile")
    def nap(seconds: float) -> bool:
        return plumb.sleep(seconds)

    return engine.compile(source="pipeline main(seconds: float) { return acme.nap(seconds) }")


def test_run_async_does_not_block_the_event_loop(napping):
    async def main():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.01)

        task = asyncio.create_task(ticker())
        result = await napping.run_async(seconds=0.5)
        task.cancel()
        return result, ticks

    result, ticks = asyncio.run(main())
    assert result.value is True
    assert ticks >= 10


def test_run_async_runs_concurrently(napping):
    async def main():
        start = time.monotonic()
        results = await asyncio.gather(*(napping.run_async({"seconds": 0.4}) for _ in range(4)))
        return results, time.monotonic() - start

    results, elapsed = asyncio.run(main())
    assert [r.value for r in results] == [True] * 4
    assert elapsed < 1.5


def test_run_async_raises_run_errors(engine):
    program = engine.compile(source="pipeline main(d: int) { return 1 / d }")

    async def main():
        with pytest.raises(plumb.RunError, match="division by zero"):
            await program.run_async(d=0)
        result = await program.run_async(d=0, raise_on_error=False)
        assert result.error.kind == "division_by_zero"
        with pytest.raises(plumb.ArgumentError):
            await program.run_async(e=1)

    asyncio.run(main())


def test_cancelling_the_task_cancels_the_run(napping):
    async def main():
        task = asyncio.create_task(napping.run_async(seconds=30))
        await asyncio.sleep(0.2)
        start = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - start

    assert asyncio.run(main()) < 5


def test_timeout_around_run_async_cancels_the_run(napping):
    async def main():
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(napping.run_async(seconds=30), timeout=0.2)

    start = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - start < 5


def test_a_caller_token_cancels_an_async_run(napping):
    token = plumb.RunCancellation()

    async def main():
        asyncio.get_running_loop().call_later(0.2, token.cancel)
        with pytest.raises(plumb.RunError, match="cancelled"):
            await napping.run_async(seconds=30, cancel=token)

    asyncio.run(main())
