package main

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"reflect"
	"strings"
	"sync"
	"time"

	ggcrv1 "github.com/google/go-containerregistry/pkg/v1"
	v1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	typedcorev1 "k8s.io/client-go/kubernetes/typed/core/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/record"
	"k8s.io/client-go/util/flowcontrol"
	"k8s.io/client-go/util/workqueue"
	"k8s.io/kubernetes/pkg/credentialprovider"
	credentialprovidersecrets "k8s.io/kubernetes/pkg/credentialprovider/secrets"
	"k8s.io/kubernetes/pkg/kubelet/events"
	"k8s.io/kubernetes/pkg/util/parsers"
)

// Reasons of container waiting states (pkg/kubelet/images/types.go).
const (
	reasonErrImagePull        = "ErrImagePull"
	reasonImagePullBackOff    = "ImagePullBackOff"
	reasonErrImageNeverPull   = "ErrImageNeverPull"
	reasonInvalidImageName    = "InvalidImageName"
	reasonContainerCreating   = "ContainerCreating"
	reasonPodInitializing     = "PodInitializing"
	workerBackOffJitterFactor = 0.5
)

type containerState struct {
	running        bool
	terminated     *v1.ContainerStateTerminated // init containers that "ran"
	containerID    string
	imageID        string
	imageRef       string
	startedAt      metav1.Time
	waitReason     string
	waitMessage    string
	image          string // spec image the running container was started from
	restarts       int32
	lastTerminated *v1.ContainerStateTerminated
}

type podState struct {
	podIP      string
	startTime  metav1.Time
	containers map[string]*containerState // init and regular, by name
}

type kubelet struct {
	client     kubernetes.Interface
	nodeName   string
	nodeIP     string
	nodeUID    types.UID
	bootID     types.UID
	recorder   record.EventRecorder
	puller     *puller
	backOff    *flowcontrol.Backoff
	baseSync   time.Duration
	pullMu     sync.Mutex // serializeImagePulls
	mu         sync.Mutex
	images     map[string]*pulled // by image (with default tag)
	pods       map[types.UID]*podState
	prevErrMsg sync.Map // backOffKey -> "ErrImagePull: msg"
	nextIP     int
	lister     corelisters.PodLister
	queue      workqueue.TypedDelayingInterface[string]
}

func newKubelet(cfg *rest.Config, nodeName, nodeIP string, pool *x509.CertPool, backoff, backoffMax time.Duration) (*kubelet, error) {
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 16)
	rand.Read(b)
	return &kubelet{
		client:   client,
		nodeName: nodeName,
		nodeIP:   nodeIP,
		bootID:   types.UID(hex.EncodeToString(b)),
		puller:   newPullerFor(pool, ggcrv1.Platform{OS: node.os, Architecture: node.arch}, node.net),
		backOff:  flowcontrol.NewBackOff(backoff, backoffMax),
		baseSync: backoff,
		images:   map[string]*pulled{},
		pods:     map[types.UID]*podState{},
		nextIP:   2,
	}, nil
}

func (k *kubelet) run(ctx context.Context, workers int) error {
	bc := record.NewBroadcaster(record.WithContext(ctx))
	bc.StartRecordingToSink(&typedcorev1.EventSinkImpl{Interface: k.client.CoreV1().Events("")})
	defer bc.Shutdown()
	k.recorder = bc.NewRecorder(scheme.Scheme, v1.EventSource{Component: "kubelet", Host: k.nodeName})

	if err := k.registerNode(ctx); err != nil {
		return err
	}
	go k.heartbeat(ctx)

	factory := informers.NewSharedInformerFactoryWithOptions(k.client, 0,
		informers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.FieldSelector = fields.OneTermEqualSelector("spec.nodeName", k.nodeName).String()
		}))
	inf := factory.Core().V1().Pods()
	k.lister = inf.Lister()
	k.queue = workqueue.NewTypedDelayingQueue[string]()
	defer k.queue.ShutDown()
	enqueue := func(obj any) {
		if key, err := cache.DeletionHandlingMetaNamespaceKeyFunc(obj); err == nil {
			k.queue.Add(key)
		}
	}
	inf.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: enqueue,
		// Like the kubelet, react to spec and deletion changes, not to the
		// status updates it makes itself (those would re-sync at once and
		// short-circuit the pod worker's back-off period).
		UpdateFunc: func(o, n any) {
			op, ok1 := o.(*v1.Pod)
			np, ok2 := n.(*v1.Pod)
			if !ok1 || !ok2 || !reflect.DeepEqual(op.Spec, np.Spec) || !reflect.DeepEqual(op.DeletionTimestamp, np.DeletionTimestamp) || op.UID != np.UID {
				enqueue(n)
			}
		},
		DeleteFunc: enqueue,
	})
	factory.Start(ctx.Done())
	factory.WaitForCacheSync(ctx.Done())
	for i := 0; i < workers; i++ {
		go func() {
			for {
				key, quit := k.queue.Get()
				if quit {
					return
				}
				requeue := k.syncPod(ctx, key)
				k.queue.Done(key)
				if requeue > 0 {
					k.queue.AddAfter(key, requeue)
				}
			}
		}()
	}
	<-ctx.Done()
	return nil
}

func containerRef(pod *v1.Pod, c *v1.Container, init bool) *v1.ObjectReference {
	path := fmt.Sprintf("spec.containers{%s}", c.Name)
	if init {
		path = fmt.Sprintf("spec.initContainers{%s}", c.Name)
	}
	return &v1.ObjectReference{
		Kind: "Pod", APIVersion: "v1", Namespace: pod.Namespace, Name: pod.Name,
		UID: pod.UID, ResourceVersion: pod.ResourceVersion, FieldPath: path,
	}
}

// syncPod returns after how long the pod wants another sync (0 = none).
func (k *kubelet) syncPod(ctx context.Context, key string) time.Duration {
	ns, name, _ := cache.SplitMetaNamespaceKey(key)
	pod, err := k.lister.Pods(ns).Get(name)
	if apierrors.IsNotFound(err) {
		k.forgetDeleted()
		return 0
	}
	if err != nil {
		return time.Second
	}
	if pod.Status.Phase == v1.PodSucceeded || pod.Status.Phase == v1.PodFailed {
		if pod.DeletionTimestamp != nil {
			k.deletePod(ctx, pod)
		}
		return 0
	}
	k.mu.Lock()
	st := k.pods[pod.UID]
	if st == nil {
		st = &podState{
			podIP:      fmt.Sprintf("10.244.0.%d", k.nextIP),
			startTime:  metav1.Now(),
			containers: map[string]*containerState{},
		}
		k.nextIP = k.nextIP%250 + 1
		if k.nextIP < 2 {
			k.nextIP = 2
		}
		k.pods[pod.UID] = st
	}
	k.mu.Unlock()

	if pod.DeletionTimestamp != nil {
		k.killPod(ctx, pod, st)
		return 0
	}

	// First status, as soon as the sandbox "exists": Pending, ContainerCreating.
	if len(pod.Status.ContainerStatuses) == 0 {
		k.updateStatus(ctx, pod, st)
	}

	secrets := k.pullSecrets(ctx, pod)
	requeue := time.Duration(0)
	failed := false
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		if failed {
			break
		}
		cs := st.get(c.Name)
		if cs.terminated != nil || cs.running {
			continue
		}
		if k.ensureContainer(ctx, pod, c, true, secrets, cs) {
			// an init container "runs to completion" at once
			if isSidecar(c) {
				cs.running = true
			} else {
				cs.running = false
				cs.terminated = &v1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: cs.startedAt, FinishedAt: metav1.Now(), ContainerID: cs.containerID}
			}
		} else {
			failed = true
		}
	}
	if !failed {
		for i := range pod.Spec.Containers {
			c := &pod.Spec.Containers[i]
			cs := st.get(c.Name)
			if cs.running && cs.image != c.Image {
				// kuberuntime_manager.go computePodActions: spec changed
				k.recorder.Event(containerRef(pod, c, false), v1.EventTypeNormal, events.KillingContainer,
					fmt.Sprintf("Container %s definition changed, will be restarted", c.Name))
				cs.lastTerminated = &v1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: cs.startedAt, FinishedAt: metav1.Now(), ContainerID: cs.containerID}
				cs.running = false
				cs.restarts++
			}
			if cs.running {
				continue
			}
			if !k.ensureContainer(ctx, pod, c, false, secrets, cs) {
				failed = true
			}
		}
	}
	if failed {
		requeue = wait.Jitter(k.baseSync, workerBackOffJitterFactor)
	}
	k.updateStatus(ctx, pod, st)
	return requeue
}

func isSidecar(c *v1.Container) bool {
	return c.RestartPolicy != nil && *c.RestartPolicy == v1.ContainerRestartPolicyAlways
}

func (st *podState) get(name string) *containerState {
	cs := st.containers[name]
	if cs == nil {
		cs = &containerState{}
		st.containers[name] = cs
	}
	return cs
}

// pullSecrets is kubelet_pods.go getPullSecretsForPod.
func (k *kubelet) pullSecrets(ctx context.Context, pod *v1.Pod) []v1.Secret {
	var out []v1.Secret
	var failed []string
	for _, ref := range pod.Spec.ImagePullSecrets {
		if ref.Name == "" {
			continue
		}
		var s *v1.Secret
		// The Node authorizer learns pod->secret edges from its own informer:
		// right after binding it can lag a few milliseconds; retry briefly.
		err := wait.PollUntilContextTimeout(ctx, 100*time.Millisecond, 3*time.Second, true, func(ctx context.Context) (bool, error) {
			var err error
			s, err = k.client.CoreV1().Secrets(pod.Namespace).Get(ctx, ref.Name, metav1.GetOptions{})
			if apierrors.IsForbidden(err) {
				return false, nil
			}
			return true, err
		})
		if err != nil || s == nil {
			failed = append(failed, ref.Name)
			continue
		}
		out = append(out, *s)
	}
	if len(failed) > 0 {
		k.recorder.Eventf(pod, v1.EventTypeWarning, "FailedToRetrieveImagePullSecret",
			"Unable to retrieve some image pull secrets (%s); attempting to pull the image may not succeed.", strings.Join(failed, ", "))
	}
	return out
}

func (k *kubelet) newContainerID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "containerd://" + hex.EncodeToString(b)
}

// ensureContainer pulls (image_manager.go EnsureImageExists) then "creates"
// and "starts" the container. It returns whether the container runs.
func (k *kubelet) ensureContainer(ctx context.Context, pod *v1.Pod, c *v1.Container, init bool, secrets []v1.Secret, cs *containerState) bool {
	ref := containerRef(pod, c, init)
	imageRef, msg, reason := k.ensureImage(ctx, ref, pod, c, secrets)
	if reason != "" {
		cs.waitReason, cs.waitMessage = reason, msg
		// kuberuntime_container.go startContainer: "Error: %v"
		k.recorder.Eventf(ref, v1.EventTypeWarning, events.FailedToCreateContainer, "Error: %v", reason)
		return false
	}
	cs.containerID = k.newContainerID()
	cs.imageID = imageRef
	k.recorder.Event(ref, v1.EventTypeNormal, events.CreatedContainer, "Container created")
	cs.startedAt = metav1.Now()
	k.recorder.Event(ref, v1.EventTypeNormal, events.StartedContainer, "Container started")
	cs.running = true
	cs.image = c.Image
	cs.waitReason, cs.waitMessage = "", ""
	return true
}

func applyDefaultImageTag(image string) (string, error) {
	_, tag, digest, err := parsers.ParseImageName(image)
	if err != nil {
		return "", err
	}
	if len(digest) == 0 && len(tag) > 0 && !strings.HasSuffix(image, ":"+tag) {
		image = image + ":" + tag
	}
	return image, nil
}

// ensureImage returns (imageID, message, reason); reason "" means success.
func (k *kubelet) ensureImage(ctx context.Context, ref *v1.ObjectReference, pod *v1.Pod, c *v1.Container, secrets []v1.Secret) (string, string, string) {
	requested := c.Image
	image, err := applyDefaultImageTag(requested)
	if err != nil {
		msg := fmt.Sprintf("Failed to apply default image tag %q: %v", requested, err)
		k.recorder.Event(ref, v1.EventTypeWarning, events.FailedToInspectImage, msg)
		return "", msg, reasonInvalidImageName
	}
	policy := c.ImagePullPolicy
	if policy == "" {
		policy = v1.PullIfNotPresent
		if _, tag, digest, _ := parsers.ParseImageName(image); digest == "" && tag == "latest" {
			policy = v1.PullAlways
		}
	}
	k.mu.Lock()
	present := k.images[image]
	k.mu.Unlock()

	// credentials, looked up with the kubelet's own keyring code
	repoToPull, _, _, _ := parsers.ParseImageName(image)
	keyring, err := credentialprovidersecrets.MakeDockerKeyring(secrets, &credentialprovider.BasicDockerKeyring{})
	if err != nil {
		return "", err.Error(), reasonErrImagePull
	}
	creds, _ := keyring.Lookup(repoToPull)

	if policy != v1.PullAlways && present != nil {
		// KubeletEnsureSecretPulledImages (beta, on by default since 1.35): an
		// image already on the node is used only if pulled anonymously or with
		// one of this pod's credentials; otherwise it is pulled again.
		accessible := present.anonymous
		for _, cr := range creds {
			if present.credHash[cr.AuthConfigHash] {
				accessible = true
			}
		}
		if accessible {
			msg := fmt.Sprintf("Container image %q already present on machine and can be accessed by the pod", requested)
			k.recorder.Event(ref, v1.EventTypeNormal, events.PulledImage, msg)
			return present.imageID, "", ""
		}
	}
	if policy == v1.PullNever {
		msg := fmt.Sprintf("Container image %q is not present with pull policy of Never", requested)
		k.recorder.Event(ref, v1.EventTypeWarning, events.ErrImageNeverPullPolicy, msg)
		return "", msg, reasonErrImageNeverPull
	}

	backOffKey := fmt.Sprintf("%s_%s", pod.UID, image)
	if k.backOff.IsInBackOffSinceUpdate(backOffKey, k.backOff.Clock.Now()) {
		msg := fmt.Sprintf("Back-off pulling image %q", image)
		k.recorder.Event(ref, v1.EventTypeNormal, events.BackOffPullImage, msg)
		if prev, ok := k.prevErrMsg.Load(backOffKey); ok {
			msg = fmt.Sprintf("%s: %s", msg, prev)
		}
		return "", msg, reasonImagePullBackOff
	}
	k.prevErrMsg.Delete(backOffKey)

	k.recorder.Event(ref, v1.EventTypeNormal, events.PullingImage, fmt.Sprintf("Pulling image %q", image))
	start := time.Now()
	k.pullMu.Lock()
	res, err := k.puller.pull(ctx, image, creds)
	k.pullMu.Unlock()
	if err != nil {
		k.recorder.Event(ref, v1.EventTypeWarning, events.FailedToPullImage, fmt.Sprintf("Failed to pull image %q: %v", image, err))
		k.backOff.Next(backOffKey, k.backOff.Clock.Now())
		msg := err.Error()
		k.prevErrMsg.Store(backOffKey, fmt.Sprintf("%s: %s", reasonErrImagePull, msg))
		return "", msg, reasonErrImagePull
	}
	total := time.Since(start).Truncate(time.Millisecond)
	k.recorder.Event(ref, v1.EventTypeNormal, events.PulledImage, fmt.Sprintf("Successfully pulled image %q in %v (%v including waiting). Image size: %v bytes.",
		image, res.duration.Truncate(time.Millisecond), total, res.img.size))
	k.backOff.GC()
	k.mu.Lock()
	if old := k.images[image]; old != nil && old.imageID == res.img.imageID {
		for h := range res.img.credHash {
			old.credHash[h] = true
		}
		old.anonymous = old.anonymous || res.img.anonymous
	} else {
		img := res.img
		if img.credHash == nil {
			img.credHash = map[string]bool{}
		}
		k.images[image] = &img
	}
	k.mu.Unlock()
	return res.img.imageID, "", ""
}

func (k *kubelet) buildStatus(pod *v1.Pod, st *podState) v1.PodStatus {
	s := *pod.Status.DeepCopy()
	s.HostIP = k.nodeIP
	s.HostIPs = []v1.HostIP{{IP: k.nodeIP}}
	ip := st.podIP
	if pod.Spec.HostNetwork {
		ip = k.nodeIP
	}
	s.PodIP = ip
	s.PodIPs = []v1.PodIP{{IP: ip}}
	if s.StartTime == nil {
		t := st.startTime
		s.StartTime = &t
	}
	cstatus := func(c *v1.Container, init bool) v1.ContainerStatus {
		cs := st.get(c.Name)
		out := v1.ContainerStatus{Name: c.Name, Image: c.Image, RestartCount: cs.restarts, Ready: false, Started: boolPtr(false)}
		if cs.lastTerminated != nil {
			out.LastTerminationState.Terminated = cs.lastTerminated
		}
		if img, err := applyDefaultImageTag(c.Image); err == nil {
			out.Image = img
		}
		switch {
		case cs.terminated != nil:
			out.State.Terminated = cs.terminated
			out.ContainerID, out.ImageID = cs.containerID, cs.imageID
		case cs.running:
			out.State.Running = &v1.ContainerStateRunning{StartedAt: cs.startedAt}
			out.Ready, out.Started = true, boolPtr(true)
			out.ContainerID, out.ImageID = cs.containerID, cs.imageID
		case cs.waitReason != "":
			out.State.Waiting = &v1.ContainerStateWaiting{Reason: cs.waitReason, Message: cs.waitMessage}
		default:
			reason := reasonContainerCreating
			if !init && len(pod.Spec.InitContainers) > 0 {
				reason = reasonPodInitializing
			}
			out.State.Waiting = &v1.ContainerStateWaiting{Reason: reason}
		}
		// keep what the API already had for fields we do not model
		return out
	}
	s.InitContainerStatuses = nil
	initDone := true
	for i := range pod.Spec.InitContainers {
		c := &pod.Spec.InitContainers[i]
		cs := cstatus(c, true)
		if !isSidecar(c) {
			cs.Ready = cs.State.Terminated != nil
		}
		if cs.State.Terminated == nil && !(isSidecar(c) && cs.State.Running != nil) {
			initDone = false
		}
		s.InitContainerStatuses = append(s.InitContainerStatuses, cs)
	}
	s.ContainerStatuses = nil
	var unready []string
	for i := range pod.Spec.Containers {
		cs := cstatus(&pod.Spec.Containers[i], false)
		if !cs.Ready {
			unready = append(unready, cs.Name)
		}
		s.ContainerStatuses = append(s.ContainerStatuses, cs)
	}
	allRunning := len(unready) == 0
	if allRunning {
		s.Phase = v1.PodRunning
	} else {
		s.Phase = v1.PodPending
	}
	now := metav1.Now()
	cond := func(t v1.PodConditionType, ok bool, reason, msg string) v1.PodCondition {
		c := v1.PodCondition{Type: t, Status: v1.ConditionFalse, Reason: reason, Message: msg, LastTransitionTime: now}
		if ok {
			c.Status, c.Reason, c.Message = v1.ConditionTrue, "", ""
		}
		for _, old := range pod.Status.Conditions {
			if old.Type == t && old.Status == c.Status {
				c.LastTransitionTime = old.LastTransitionTime
			}
		}
		return c
	}
	unreadyMsg := fmt.Sprintf("containers with unready status: [%s]", strings.Join(unready, " "))
	var conds []v1.PodCondition
	conds = append(conds, cond(v1.PodReadyToStartContainers, true, "", ""))
	if initDone {
		conds = append(conds, cond(v1.PodInitialized, true, "", ""))
	} else {
		var pending []string
		for _, ic := range s.InitContainerStatuses {
			if ic.State.Terminated == nil {
				pending = append(pending, ic.Name)
			}
		}
		conds = append(conds, cond(v1.PodInitialized, false, "ContainersNotInitialized", fmt.Sprintf("containers with incomplete status: [%s]", strings.Join(pending, " "))))
	}
	conds = append(conds, cond(v1.PodReady, allRunning, "ContainersNotReady", unreadyMsg))
	conds = append(conds, cond(v1.ContainersReady, allRunning, "ContainersNotReady", unreadyMsg))
	for _, old := range pod.Status.Conditions {
		switch old.Type {
		case v1.PodReadyToStartContainers, v1.PodInitialized, v1.PodReady, v1.ContainersReady:
		default:
			conds = append(conds, old) // PodScheduled and anything else
		}
	}
	s.Conditions = conds
	return s
}

func boolPtr(b bool) *bool { return &b }

func (k *kubelet) updateStatus(ctx context.Context, pod *v1.Pod, st *podState) {
	for attempt := 0; attempt < 5; attempt++ {
		want := k.buildStatus(pod, st)
		if statusEqual(pod.Status, want) {
			return
		}
		p := pod.DeepCopy()
		p.Status = want
		_, err := k.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, p, metav1.UpdateOptions{})
		if err == nil {
			return
		}
		if apierrors.IsNotFound(err) || ctx.Err() != nil {
			return
		}
		if !apierrors.IsConflict(err) {
			log.Printf("status of %s/%s: %v", pod.Namespace, pod.Name, err)
		}
		fresh, gerr := k.client.CoreV1().Pods(pod.Namespace).Get(ctx, pod.Name, metav1.GetOptions{})
		if gerr != nil || fresh.UID != pod.UID {
			return
		}
		pod = fresh
	}
}

// statusEqual compares only what this kubelet sets, so that fields the API
// server adds or drops never cause an update loop.
func statusEqual(a, b v1.PodStatus) bool {
	type cs struct {
		Name, Image, ImageID, ContainerID string
		Ready                             bool
		Started                           bool
		State                             string
	}
	type cond struct{ Type, Status, Reason, Message string }
	type norm struct {
		Phase, PodIP, HostIP string
		Conds                []cond
		Init, Main           []cs
	}
	f := func(s v1.PodStatus) norm {
		n := norm{Phase: string(s.Phase), PodIP: s.PodIP, HostIP: s.HostIP}
		for _, c := range s.Conditions {
			n.Conds = append(n.Conds, cond{string(c.Type), string(c.Status), c.Reason, c.Message})
		}
		conv := func(l []v1.ContainerStatus) []cs {
			var out []cs
			for _, c := range l {
				st := ""
				switch {
				case c.State.Running != nil:
					st = "running " + c.State.Running.StartedAt.UTC().String()
				case c.State.Terminated != nil:
					st = "terminated " + c.State.Terminated.Reason
				case c.State.Waiting != nil:
					st = "waiting " + c.State.Waiting.Reason + " " + c.State.Waiting.Message
				}
				out = append(out, cs{c.Name, c.Image, c.ImageID, c.ContainerID, c.Ready, c.Started != nil && *c.Started, st})
			}
			return out
		}
		n.Init, n.Main = conv(s.InitContainerStatuses), conv(s.ContainerStatuses)
		return n
	}
	return reflect.DeepEqual(f(a), f(b))
}

// killPod: a pod with a deletionTimestamp is stopped and removed at once
// (grace period honoured as 0: nothing runs), like the kubelet's
// status manager does after the containers are gone.
func (k *kubelet) killPod(ctx context.Context, pod *v1.Pod, st *podState) {
	now := metav1.Now()
	changed := false
	for i := range pod.Spec.Containers {
		c := &pod.Spec.Containers[i]
		cs := st.get(c.Name)
		if cs.running {
			k.recorder.Event(containerRef(pod, c, false), v1.EventTypeNormal, events.KillingContainer, fmt.Sprintf("Stopping container %s", c.Name))
			cs.running = false
			cs.terminated = &v1.ContainerStateTerminated{ExitCode: 0, Reason: "Completed", StartedAt: cs.startedAt, FinishedAt: now, ContainerID: cs.containerID}
			changed = true
		}
	}
	if changed {
		p := pod.DeepCopy()
		s := k.buildStatus(pod, st)
		for i := range s.ContainerStatuses {
			s.ContainerStatuses[i].Ready = false
			s.ContainerStatuses[i].Started = boolPtr(false)
		}
		p.Status = s
		if _, err := k.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, p, metav1.UpdateOptions{}); err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
			log.Printf("status of terminating %s/%s: %v", pod.Namespace, pod.Name, err)
		}
	}
	k.deletePod(ctx, pod)
}

func (k *kubelet) deletePod(ctx context.Context, pod *v1.Pod) {
	uid := pod.UID
	err := k.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name, metav1.DeleteOptions{
		GracePeriodSeconds: new(int64),
		Preconditions:      &metav1.Preconditions{UID: &uid},
	})
	if err != nil && !apierrors.IsNotFound(err) && !apierrors.IsConflict(err) {
		log.Printf("delete %s/%s: %v", pod.Namespace, pod.Name, err)
		k.queue.AddAfter(pod.Namespace+"/"+pod.Name, time.Second)
		return
	}
	k.mu.Lock()
	delete(k.pods, uid)
	k.mu.Unlock()
}

// forgetDeleted drops state of pods no longer in the informer cache.
func (k *kubelet) forgetDeleted() {
	pods, err := k.lister.List(labels.Everything())
	if err != nil {
		return
	}
	alive := map[types.UID]bool{}
	for _, p := range pods {
		alive[p.UID] = true
	}
	k.mu.Lock()
	for uid := range k.pods {
		if !alive[uid] {
			delete(k.pods, uid)
		}
	}
	k.mu.Unlock()
}

var _ = errors.New
