package main

import (
	"context"
	"log"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/component-base/version"
	"k8s.io/utils/ptr"
)

const leaseDurationSeconds = 40

func (k *kubelet) nodeConditions(now metav1.Time, transition metav1.Time) []v1.NodeCondition {
	c := func(t v1.NodeConditionType, s v1.ConditionStatus, reason, msg string) v1.NodeCondition {
		return v1.NodeCondition{Type: t, Status: s, LastHeartbeatTime: now, LastTransitionTime: transition, Reason: reason, Message: msg}
	}
	return []v1.NodeCondition{
		c(v1.NodeMemoryPressure, v1.ConditionFalse, "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
		c(v1.NodeDiskPressure, v1.ConditionFalse, "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
		c(v1.NodePIDPressure, v1.ConditionFalse, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
		c(v1.NodeReady, v1.ConditionTrue, "KubeletReady", "kubelet is posting ready status"),
	}
}

func (k *kubelet) nodeStatus(now metav1.Time) v1.NodeStatus {
	res := v1.ResourceList{
		v1.ResourceCPU:              resource.MustParse("4"),
		v1.ResourceMemory:           resource.MustParse("8Gi"),
		v1.ResourcePods:             resource.MustParse("110"),
		v1.ResourceEphemeralStorage: resource.MustParse("50Gi"),
	}
	return v1.NodeStatus{
		Capacity:    res,
		Allocatable: res,
		Conditions:  k.nodeConditions(now, now),
		Addresses: []v1.NodeAddress{
			{Type: v1.NodeInternalIP, Address: k.nodeIP},
			{Type: v1.NodeHostName, Address: k.nodeName},
		},
		DaemonEndpoints: v1.NodeDaemonEndpoints{KubeletEndpoint: v1.DaemonEndpoint{Port: 10250}},
		NodeInfo: v1.NodeSystemInfo{
			MachineID:               "pullkey-simulated-node",
			SystemUUID:              "pullkey-simulated-node",
			BootID:                  string(k.bootID),
			KernelVersion:           "simulated",
			OSImage:                 "PullKey simulated kubelet",
			ContainerRuntimeVersion: "containerd://simulated",
			KubeletVersion:          version.Get().GitVersion,
			OperatingSystem:         node.os,
			Architecture:            node.arch,
		},
	}
}

// registerNode creates the Node, or refreshes the status of an existing one
// (a restarted kubelet), like kubelet_node_status.go.
func (k *kubelet) registerNode(ctx context.Context) error {
	now := metav1.Now()
	node := &v1.Node{
		ObjectMeta: metav1.ObjectMeta{
			Name: k.nodeName,
			Labels: map[string]string{
				"kubernetes.io/hostname":  k.nodeName,
				"kubernetes.io/os":        node.os,
				"kubernetes.io/arch":      node.arch,
				"beta.kubernetes.io/os":   node.os,
				"beta.kubernetes.io/arch": node.arch,
				"pullkey.dev/simulated":   "true",
			},
		},
		Spec:   v1.NodeSpec{Taints: node.taints},
		Status: k.nodeStatus(now),
	}
	return wait.PollUntilContextTimeout(ctx, 500*time.Millisecond, 2*time.Minute, true, func(ctx context.Context) (bool, error) {
		created, err := k.client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{})
		if err == nil {
			k.nodeUID = created.UID
			// status is ignored on create: set it.
			created.Status = k.nodeStatus(now)
			if _, err := k.client.CoreV1().Nodes().UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
				log.Printf("node status: %v", err)
				return false, nil
			}
			log.Printf("registered node %s", k.nodeName)
			return true, nil
		}
		if !apierrors.IsAlreadyExists(err) {
			log.Printf("register node: %v", err)
			return false, nil
		}
		existing, err := k.client.CoreV1().Nodes().Get(ctx, k.nodeName, metav1.GetOptions{})
		if err != nil {
			log.Printf("get node: %v", err)
			return false, nil
		}
		k.nodeUID = existing.UID
		existing.Status = k.nodeStatus(now)
		if _, err := k.client.CoreV1().Nodes().UpdateStatus(ctx, existing, metav1.UpdateOptions{}); err != nil {
			log.Printf("node status: %v", err)
			return false, nil
		}
		return true, nil
	})
}

// heartbeat renews the node Lease every 10 s and posts node status every
// minute (the kubelet posts it every 5 min when nothing changes).
func (k *kubelet) heartbeat(ctx context.Context) {
	leases := k.client.CoordinationV1().Leases(v1.NamespaceNodeLease)
	lastStatus := time.Now()
	renew := func() {
		now := metav1.NewMicroTime(time.Now())
		l, err := leases.Get(ctx, k.nodeName, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			l = &coordinationv1.Lease{
				ObjectMeta: metav1.ObjectMeta{
					Name:      k.nodeName,
					Namespace: v1.NamespaceNodeLease,
					OwnerReferences: []metav1.OwnerReference{{
						APIVersion: "v1", Kind: "Node", Name: k.nodeName, UID: k.nodeUID,
					}},
				},
				Spec: coordinationv1.LeaseSpec{
					HolderIdentity:       ptr.To(k.nodeName),
					LeaseDurationSeconds: ptr.To[int32](leaseDurationSeconds),
					RenewTime:            &now,
				},
			}
			if _, err := leases.Create(ctx, l, metav1.CreateOptions{}); err != nil && ctx.Err() == nil {
				log.Printf("lease create: %v", err)
			}
			return
		}
		if err != nil {
			if ctx.Err() == nil {
				log.Printf("lease get: %v", err)
			}
			return
		}
		l.Spec.RenewTime = &now
		l.Spec.HolderIdentity = ptr.To(k.nodeName)
		l.Spec.LeaseDurationSeconds = ptr.To[int32](leaseDurationSeconds)
		if _, err := leases.Update(ctx, l, metav1.UpdateOptions{}); err != nil && ctx.Err() == nil {
			log.Printf("lease renew: %v", err)
		}
	}
	renew()
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			renew()
			if time.Since(lastStatus) >= time.Minute {
				lastStatus = time.Now()
				k.postNodeStatus(ctx)
			}
		}
	}
}

func (k *kubelet) postNodeStatus(ctx context.Context) {
	n, err := k.client.CoreV1().Nodes().Get(ctx, k.nodeName, metav1.GetOptions{})
	if err != nil {
		if apierrors.IsNotFound(err) {
			// deleted by someone: register again, like a kubelet does
			_ = k.registerNode(ctx)
		}
		return
	}
	now := metav1.Now()
	for i := range n.Status.Conditions {
		n.Status.Conditions[i].LastHeartbeatTime = now
	}
	hasReady := false
	for i, c := range n.Status.Conditions {
		if c.Type == v1.NodeReady {
			hasReady = true
			if c.Status != v1.ConditionTrue {
				n.Status.Conditions[i] = k.nodeConditions(now, now)[3]
			}
		}
	}
	if !hasReady {
		n.Status.Conditions = k.nodeConditions(now, now)
	}
	if _, err := k.client.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{}); err != nil && ctx.Err() == nil {
		log.Printf("node status: %v", err)
	}
}
