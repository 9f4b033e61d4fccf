%% The messaging workloads of rusm's bench (run ping-pong, run ring, run fan-in) on BEAM, so the bench
%% can compare the same workload with Erlang's processes. The bench compiles this module with erlc into a
%% temporary folder and runs one round per VM:
%%
%%   erl +S 2:2 -noshell -pa DIR -run msgbench main WORKLOAD SECONDS SIZE WINDOW
%%
%% WORKLOAD is ping-pong (SIZE pairs), ring (SIZE processes) or fan-in (SIZE senders, credit window
%% WINDOW per sender). The round prints one line the bench parses:
%%
%%   msgbench messages=M nanos=T backlog=B rate=R
%%
%% The protocol is the bench's: a stop flag (an atomics array, like the Java side's volatile field) read
%% once per message; a ping and its pong are two messages, a ring hop is one, a fan-in message the
%% receiver takes is one; a fan-in sender sends one message per credit, every (WINDOW div 2)-th asking
%% the receiver for that much more credit. B is the receiver's message_queue_len when it stopped (fan-in),
%% else 0.
-module(msgbench).
-export([main/1]).

main([Workload, SecondsText, SizeText, WindowText]) ->
    Ms = round(to_number(SecondsText) * 1000),
    Size = list_to_integer(SizeText),
    Window = list_to_integer(WindowText),
    {Messages, Nanos, Backlog} = run(Workload, Ms, Size, Window),
    io:format("msgbench messages=~b nanos=~b backlog=~b rate=~.1f~n",
              [Messages, Nanos, Backlog, Messages * 1.0e9 / Nanos]),
    halt(0).

to_number(Text) ->
    case string:to_float(Text) of
        {F, []} -> F;
        _ -> float(list_to_integer(Text))
    end.

now_ns() -> erlang:monotonic_time(nanosecond).

stopped(Stop) -> atomics:get(Stop, 1) =/= 0.

run("ping-pong", Ms, Pairs, _) ->
    Stop = atomics:new(1, []),
    Self = self(),
    Pings = [begin
                 Pong = spawn(fun pong/0),
                 spawn(fun() -> receive go -> ok end, ping(Pong, Stop, Self, 0) end)
             end || _ <- lists:seq(1, Pairs)],
    T0 = now_ns(),
    [P ! go || P <- Pings],
    timer:sleep(Ms),
    atomics:put(Stop, 1, 1),
    T1 = now_ns(),
    Trips = lists:sum([receive {trips, P, N} -> N end || P <- Pings]),
    {2 * Trips, T1 - T0, 0};
run("ring", Ms, Size, _) ->
    Stop = atomics:new(1, []),
    Self = self(),
    Last = spawn(fun() -> receive {next, Next} -> member(Next, Stop, Self) end end),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> member(Next, Stop, Self) end) end,
                        Last, lists:seq(2, Size)),
    Last ! {next, First},
    T0 = now_ns(),
    First ! {token, 0},
    timer:sleep(Ms),
    atomics:put(Stop, 1, 1),
    T1 = now_ns(),
    Hops = receive {hops, H} -> H end,
    receive ring_stopped -> ok end,
    {Hops, T1 - T0, 0};
run("fan-in", Ms, Senders, Window) ->
    Stop = atomics:new(1, []),
    Self = self(),
    Ack = Window div 2,
    Receiver = spawn(fun() -> receiver(Stop, Self, Ack, 0) end),
    Ss = [spawn(fun() -> sender(Receiver, Ack, 0) end) || _ <- lists:seq(1, Senders)],
    T0 = now_ns(),
    [S ! {credit, Window} || S <- Ss],
    timer:sleep(Ms),
    atomics:put(Stop, 1, 1),
    T1 = now_ns(),
    {Taken, Backlog} = receive {taken, T, B} -> {T, B} end,
    [exit(S, kill) || S <- Ss],
    {Taken, T1 - T0, Backlog}.

ping(Pong, Stop, Parent, Trips) ->
    Pong ! {ball, self()},
    receive
        {ball, _} ->
            case stopped(Stop) of
                false -> ping(Pong, Stop, Parent, Trips + 1);
                true -> Pong ! stop, Parent ! {trips, self(), Trips + 1}
            end
    end.

pong() ->
    receive
        {ball, From} -> From ! {ball, self()}, pong();
        stop -> ok
    end.

member(Next, Stop, Parent) ->
    Self = self(),
    receive
        {token, Hops} ->
            case stopped(Stop) of
                false -> Next ! {token, Hops + 1};
                true -> Parent ! {hops, Hops}, Next ! {stop, Self}
            end,
            member(Next, Stop, Parent);
        {stop, Self} ->
            Parent ! ring_stopped;
        {stop, _} = S ->
            Next ! S
    end.

receiver(Stop, Parent, Ack, Taken) ->
    receive
        {item, From, AskCredit} ->
            case AskCredit of
                true -> From ! {credit, Ack};
                false -> ok
            end,
            case stopped(Stop) of
                false -> receiver(Stop, Parent, Ack, Taken + 1);
                true ->
                    {message_queue_len, Backlog} = process_info(self(), message_queue_len),
                    Parent ! {taken, Taken + 1, Backlog}
            end
    end.

sender(Receiver, Ack, Sent) ->
    receive {credit, N} -> send(Receiver, Ack, Sent, N) end.

send(Receiver, Ack, Sent, 0) ->
    sender(Receiver, Ack, Sent);
send(Receiver, Ack, Sent, N) ->
    Receiver ! {item, self(), (Sent + 1) rem Ack =:= 0},
    send(Receiver, Ack, Sent + 1, N - 1).
