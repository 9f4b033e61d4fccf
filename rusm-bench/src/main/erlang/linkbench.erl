%% The links-and-monitors workloads of rusm's bench (run link-star, run link-chain, run monitor-fan, run
%% spawn-link-storm) on BEAM. The bench compiles this module with erlc into a temporary folder and runs
%% one round per VM:
%%
%%   erl +S 2:2 +P MAX -noshell -pa DIR -run linkbench main WORKLOAD N
%%
%% The round prints one line the bench parses:
%%
%%   linkbench setup=S nanos=T
%%
%% S is the setup in nanoseconds (every process alive and waiting; 0 for the storm), T the time from the
%% cause to the last exit:
%%
%%   link-star         a hub spawn-links N children that wait in a receive; T from exit(Hub, kill) until
%%                     the VM's process count is back to what it was before the hub.
%%   link-chain        each process spawn-links the next, N deep, then waits; T from exit(Head, kill) to
%%                     the process count back.
%%   monitor-fan       N watchers each monitor one waiting target, then wait for its 'DOWN' and return;
%%                     T from exit(Target, kill) to the process count back.
%%   spawn-link-storm  a parent trapping exits spawn-links N children that return at once, at most 1,000
%%                     alive, and counts their 'EXIT' messages; T from the start to the N-th 'EXIT'.
%%
%% Each process counts itself in a counters array once it is set up (after its spawn_link or monitor),
%% and the round waits for the count to reach N before the kill. The process count is polled every
%% millisecond, as the bench polls rusm's live count.
-module(linkbench).
-export([main/1]).

-define(STORM_ALIVE, 1000).

main([Workload, NText]) ->
    N = list_to_integer(NText),
    {Setup, Nanos} = run(Workload, N),
    io:format("linkbench setup=~b nanos=~b~n", [Setup, Nanos]),
    halt(0).

now_ns() -> erlang:monotonic_time(nanosecond).

count() -> erlang:system_info(process_count).

wait() -> receive after infinity -> ok end.

await_count(Ready, N) ->
    case counters:get(Ready, 1) >= N of
        true -> ok;
        false -> receive after 1 -> await_count(Ready, N) end
    end.

await_processes(Base) ->
    case count() =< Base of
        true -> ok;
        false -> receive after 1 -> await_processes(Base) end
    end.

%% Sets up with Start (returning the process to kill), waits for N ready, kills, waits for the count.
killed(N, Start) ->
    Ready = counters:new(1, [write_concurrency]),
    Base = count(),
    T0 = now_ns(),
    Victim = Start(Ready),
    await_count(Ready, N),
    T1 = now_ns(),
    exit(Victim, kill),
    await_processes(Base),
    {T1 - T0, now_ns() - T1}.

run("link-star", N) ->
    killed(N, fun(Ready) ->
        spawn(fun() ->
            [spawn_link(fun() -> counters:add(Ready, 1, 1), wait() end) || _ <- lists:seq(1, N)],
            wait()
        end)
    end);
run("link-chain", N) ->
    killed(N, fun(Ready) -> spawn(fun() -> chain(N - 1, Ready) end) end);
run("monitor-fan", N) ->
    killed(N, fun(Ready) ->
        Target = spawn(fun wait/0),
        [spawn(fun() -> watch(Target, Ready) end) || _ <- lists:seq(1, N)],
        Target
    end);
run("spawn-link-storm", N) ->
    Self = self(),
    T0 = now_ns(),
    spawn(fun() ->
        process_flag(trap_exit, true),
        storm(N, 0, 0),
        Self ! {storm_done, now_ns()}
    end),
    receive {storm_done, T1} -> {0, T1 - T0} end.

chain(0, Ready) ->
    counters:add(Ready, 1, 1),
    wait();
chain(Left, Ready) ->
    spawn_link(fun() -> chain(Left - 1, Ready) end),
    counters:add(Ready, 1, 1),
    wait().

watch(Target, Ready) ->
    Ref = monitor(process, Target),
    counters:add(Ready, 1, 1),
    receive {'DOWN', Ref, process, _, _} -> ok end.

%% Left to spawn, alive now, exits seen.
storm(0, 0, _) ->
    ok;
storm(Left, Alive, Seen) when Left > 0, Alive < ?STORM_ALIVE ->
    spawn_link(fun() -> ok end),
    storm(Left - 1, Alive + 1, Seen);
storm(Left, Alive, Seen) ->
    receive {'EXIT', _, _} -> storm(Left, Alive - 1, Seen + 1) end.
