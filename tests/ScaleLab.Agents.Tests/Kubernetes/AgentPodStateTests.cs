using k8s.Models;
using ScaleLab.Agents.Kubernetes;

namespace ScaleLab.Agents.Tests.Kubernetes;

/// <summary>How a pod's status (as the API reference shapes it) reads: ready at an address, failed for a reason, or waiting for what.</summary>
public sealed class AgentPodStateTests
{
    [Fact]
    public void Of_RunningReadyWithIp_AddressOnTheAgentsPort()
    {
        var state = AgentPodState.Of(Pod(index: 2, phase: "Running", ready: true, ip: "10.1.2.3"), 7420);

        Assert.Equal(("10.1.2.3:7420", 2, null), (state.Address, state.Index, state.Failure));
    }

    [Fact]
    public void Of_Ipv6PodIp_AddressInBrackets()
    {
        var state = AgentPodState.Of(Pod(index: 0, phase: "Running", ready: true, ip: "fd00::5"), 7420);

        Assert.Equal("[fd00::5]:7420", state.Address);
    }

    [Fact]
    public void Of_ContainerExited_FailedWithReasonAndExitCode()
    {
        var pod = Pod(index: 1, phase: "Failed", ready: false, ip: "10.1.2.3");
        pod.Status.ContainerStatuses = [new V1ContainerStatus { Name = "agent", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "Error", ExitCode = 2, Message = "--listen: bad\naddress" } } }];

        var state = AgentPodState.Of(pod, 7420);

        Assert.Equal("Error: exit code 2: --listen: bad address", state.Failure);
        Assert.False(state.IsReady);
    }

    [Fact]
    public void Of_JobDeadlinePassed_FailedWithThePodsReason()
    {
        var pod = Pod(index: 0, phase: "Failed", ready: false, ip: null);
        pod.Status.Reason = "DeadlineExceeded";
        pod.Status.Message = "Pod was active on the node longer than the specified deadline";

        Assert.Equal("DeadlineExceeded: Pod was active on the node longer than the specified deadline", AgentPodState.Of(pod, 7420).Failure);
    }

    [Fact]
    public void Of_Unschedulable_WaitingWithTheSchedulersMessage()
    {
        var pod = Pod(index: 0, phase: "Pending", ready: false, ip: null);
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available: 3 Insufficient cpu." }];

        var state = AgentPodState.Of(pod, 7420);

        Assert.Null(state.Failure);
        Assert.Equal("not scheduled: Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.", state.Waiting);
    }

    [Theory]
    [InlineData("ErrImagePull", null)]
    [InlineData("ContainerCreating", null)]
    [InlineData("ImagePullBackOff", "ImagePullBackOff: Back-off")]
    [InlineData("CreateContainerConfigError", "CreateContainerConfigError: Back-off")]
    public void Of_ContainerWaiting_FailsOnlyOnReasonsThatDoNotClear(string reason, string? failure)
    {
        var pod = Pod(index: 0, phase: "Pending", ready: false, ip: null);
        pod.Status.ContainerStatuses = [new V1ContainerStatus { Name = "agent", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = "Back-off" } } }];

        var state = AgentPodState.Of(pod, 7420);

        Assert.Equal(failure, state.Failure);
        Assert.False(state.IsReady);
    }

    [Fact]
    public void Of_RunningNotReady_WaitingForItsPort()
    {
        var state = AgentPodState.Of(Pod(index: 0, phase: "Running", ready: false, ip: "10.1.2.3"), 7420);

        Assert.Equal("running, not ready (its port does not accept connections yet)", state.Waiting);
        Assert.Null(state.Address);
    }

    private static V1Pod Pod(int index, string phase, bool ready, string? ip) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"scalelab-agent-x-{index}-abcde",
            Annotations = new Dictionary<string, string> { [AgentJob.CompletionIndexAnnotation] = $"{index}" },
        },
        Status = new V1PodStatus
        {
            Phase = phase,
            PodIP = ip,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };
}
